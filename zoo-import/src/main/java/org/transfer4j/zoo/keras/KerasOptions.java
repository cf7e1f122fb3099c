package org.transfer4j.zoo.keras;

/**
 * Options of {@link KerasImport#load}.
 *
 * @param enforceTrainingConfig fail on training settings DL4J cannot honour (DL4J's own "enforce"
 *                              flag); off by default, as most users import to fine-tune with their own
 *                              optimiser
 * @param trainableOutput       when the imported network ends in a plain dense/activation layer (files
 *                              saved without a training configuration), turn that last layer into an
 *                              output layer with the same weights and activation and a cross-entropy loss,
 *                              so that it can be trained
 */
public record KerasOptions(boolean enforceTrainingConfig, boolean trainableOutput) {
    public static KerasOptions defaults() {
        return new KerasOptions(false, true);
    }

    public KerasOptions withTrainableOutput(boolean on) {
        return new KerasOptions(enforceTrainingConfig, on);
    }

    public KerasOptions withEnforceTrainingConfig(boolean on) {
        return new KerasOptions(on, trainableOutput);
    }
}
