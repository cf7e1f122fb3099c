package org.transfer4j.plan;

/** The methods of domain adaptation, baselines included. */
public enum DomainMethod {
    /** Trained on labelled source data only: the lower end of the gap. */
    SOURCE_ONLY("source only"),
    /**
     * Source only, then every BatchNorm layer's statistics recomputed on the unlabelled target images (Li et al.
     * 2016): no training on target images at all.
     */
    ADABN("AdaBN"),
    /** Domain-adversarial training through a gradient reversal layer (Ganin et al. 2016). */
    DANN("DANN"),
    /**
     * Conditional domain-adversarial training (Long et al. 2018): DANN whose domain classifier reads the features
     * times the predicted class probabilities (their outer product), so that it aligns the domains class by class.
     */
    CDAN("CDAN"),
    /** Source label loss plus CORAL between the source and target logits (Sun and Saenko 2016). */
    CORAL("Deep CORAL"),
    /** Source label loss plus multi-kernel MMD between source and target features (Long et al. 2015). */
    MMD("MMD"),
    /**
     * Source label loss plus joint MMD between source and target features and predictions (Long et al. 2017, JAN):
     * MMD with a kernel on the features times a kernel on the softmax outputs, so that it aligns class by class.
     */
    JAN("JAN"),
    /** Trained on labelled target data: the upper end of the gap. */
    ORACLE("target oracle");

    private final String label;

    DomainMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether training reads unlabelled target rows beside the labelled source rows. */
    public boolean adapts() {
        return adversarial() || this == CORAL || this == MMD || this == JAN;
    }

    /** Whether the method trains a domain classifier behind a gradient reversal layer (DANN, CDAN). */
    public boolean adversarial() {
        return this == DANN || this == CDAN;
    }

    /** Whether the method's domain term reads the logits beside the features (CDAN, JAN). */
    public boolean conditional() {
        return this == CDAN || this == JAN;
    }

    /** Whether the method reads unlabelled target images at all (the alignment methods, AdaBN). */
    public boolean readsTarget() {
        return adapts() || this == ADABN;
    }
}
