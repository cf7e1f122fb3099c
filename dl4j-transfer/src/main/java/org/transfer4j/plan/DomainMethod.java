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
    /** Source label loss plus CORAL between the source and target logits (Sun and Saenko 2016). */
    CORAL("Deep CORAL"),
    /** Source label loss plus multi-kernel MMD between source and target features (Long et al. 2015). */
    MMD("MMD"),
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
        return this == DANN || this == CORAL || this == MMD;
    }

    /** Whether the method reads unlabelled target images at all (the alignment methods, AdaBN). */
    public boolean readsTarget() {
        return adapts() || this == ADABN;
    }
}
