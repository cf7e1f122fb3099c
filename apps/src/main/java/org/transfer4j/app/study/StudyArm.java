package org.transfer4j.app.study;

/** The three arms of the study: the ways it adapts to the target classes. */
public enum StudyArm {
    /** The same LeNet trained from random weights on the target data alone. */
    SCRATCH("from scratch"),
    /** Source backbone frozen, new head trained on featurized activations. */
    FEATURE_EXTRACTION("feature extraction"),
    /** Source backbone trainable at a lower rate than the new head. */
    FINE_TUNING("fine-tuning");

    private final String label;

    StudyArm(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
