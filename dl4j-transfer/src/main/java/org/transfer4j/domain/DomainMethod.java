package org.transfer4j.domain;

/** The methods of the domain-adaptation runner, baselines included. */
public enum DomainMethod {
    /** Trained on labelled source data only: the lower end of the gap. */
    SOURCE_ONLY("source only"),
    /** Domain-adversarial training through a gradient reversal layer. */
    DANN("DANN"),
    /** Source label loss plus weight x CORAL between source and target features. */
    CORAL("Deep CORAL"),
    /** Source label loss plus weight x multi-kernel MMD between source and target features. */
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
}
