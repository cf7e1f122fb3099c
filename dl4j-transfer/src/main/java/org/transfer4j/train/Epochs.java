package org.transfer4j.train;

/** The one rule for how many epochs a run trains when it must also train a minimum number of steps. */
public final class Epochs {
    private Epochs() {
    }

    /** Mini-batches in one epoch over {@code examples}. */
    public static int stepsPerEpoch(int examples, int batchSize) {
        return (examples + batchSize - 1) / batchSize;
    }

    /**
     * At least {@code minEpochs} epochs, and enough epochs over {@code examples} at {@code batchSize} for
     * {@code minSteps} steps: small training sets are not under-trained by an epoch count chosen for large ones.
     */
    public static int atLeast(int examples, int batchSize, int minEpochs, int minSteps) {
        if (examples < 1 || batchSize < 1 || minEpochs < 1 || minSteps < 0) {
            throw new IllegalArgumentException("epochs need examples >= 1, batch >= 1, epochs >= 1, steps >= 0; got "
                    + examples + ", " + batchSize + ", " + minEpochs + ", " + minSteps);
        }
        return forSteps(stepsPerEpoch(examples, batchSize), minEpochs, minSteps);
    }

    /** At least {@code minEpochs} epochs of {@code stepsPerEpoch} batches, and enough of them for {@code minSteps} steps. */
    public static int forSteps(int stepsPerEpoch, int minEpochs, int minSteps) {
        return Math.max(minEpochs, (minSteps + stepsPerEpoch - 1) / stepsPerEpoch);
    }
}
