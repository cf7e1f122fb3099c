package org.transfer4j.app.pretrained;

/**
 * One way of solving the target task in the study: a floor (a linear model on the pixels), a baseline
 * without transfer (a LeNet trained from scratch on the 28 x 28 images), or a use of the pretrained
 * backbone: feature extraction at a cut point, fine-tuning the last blocks, gradual unfreezing.
 *
 * @param cut the feature-extraction cut (null for the other kinds)
 */
public record Method(Kind kind, String cut, int blocks) {
    public enum Kind { PIXELS_LINEAR, SCRATCH, FEATURE_EXTRACTION, FINE_TUNING, GRADUAL_UNFREEZING }

    public Method {
        if (kind == null) {
            throw new IllegalArgumentException("a method needs a kind");
        }
        if ((kind == Kind.FEATURE_EXTRACTION) != (cut != null)) {
            throw new IllegalArgumentException("feature extraction, and only it, has a cut; got " + kind + " at " + cut);
        }
    }

    static Method pixels() {
        return new Method(Kind.PIXELS_LINEAR, null, 0);
    }

    static Method scratch() {
        return new Method(Kind.SCRATCH, null, 0);
    }

    static Method featureExtraction(String cut) {
        return new Method(Kind.FEATURE_EXTRACTION, cut, 0);
    }

    static Method fineTuning(int blocks) {
        return new Method(Kind.FINE_TUNING, null, blocks);
    }

    static Method gradual(int blocks) {
        return new Method(Kind.GRADUAL_UNFREEZING, null, blocks);
    }

    /** Whether the method uses the pretrained weights. */
    public boolean transfers() {
        return kind != Kind.PIXELS_LINEAR && kind != Kind.SCRATCH;
    }

    public String label() {
        return switch (kind) {
            case PIXELS_LINEAR -> "linear model on pixels";
            case SCRATCH -> "LeNet from scratch (28x28)";
            case FEATURE_EXTRACTION -> "feature extraction at " + cut;
            case FINE_TUNING -> "fine-tuning the last " + blocks + " blocks";
            case GRADUAL_UNFREEZING -> "gradual unfreezing (up to " + blocks + " blocks)";
        };
    }
}
