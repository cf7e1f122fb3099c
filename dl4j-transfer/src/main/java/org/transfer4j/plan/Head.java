package org.transfer4j.plan;

/** The new classifier: an optional hidden dense layer (0 = none) with dropout, then softmax. */
public record Head(int numClasses, int hidden, double dropout) {
    public Head {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        }
        if (hidden < 0) {
            throw new IllegalArgumentException("hidden must be >= 0 (0 = no hidden layer), got " + hidden);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0,1), got " + dropout);
        }
    }
}
