package org.transfer4j.zoo.keras;

import java.util.HashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasLayerUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras' GRU for DL4J's Keras importer, which has none: registered as a custom layer ({@link #register}), it builds a
 * {@link GruLayer} from the Keras config and takes the file's kernel, recurrent kernel and bias. Serves .h5 files
 * (KerasImport) and .keras files (KerasArchiveImport) alike.
 */
public class KerasGru extends KerasLayer {
    private static volatile boolean registered;

    /** Makes DL4J's Keras import build {@code GRU} layers with this class (idempotent). */
    public static void register() {
        if (!registered) {
            KerasLayer.registerCustomLayer("GRU", KerasGru.class);
            registered = true;
        }
    }

    /** DL4J's importer calls custom layers with the layer's config only. */
    public KerasGru(Map<String, Object> layerConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig, false);
        Map<String, Object> c = KerasLayerUtils.getInnerLayerConfigFromConfig(layerConfig, conf);
        for (String unsupported : new String[] {"go_backwards", "stateful", "return_state"}) {
            if (Boolean.TRUE.equals(c.get(unsupported))) {
                throw new UnsupportedKerasConfigurationException("GRU '" + layerName + "' has " + unsupported
                        + "=True, which transfer4j's GRU does not implement");
            }
        }
        try {
            this.layer = new GruLayer(layerName, 0, ((Number) c.get("units")).longValue(),
                    !Boolean.FALSE.equals(c.get("reset_after")), Boolean.TRUE.equals(c.get("return_sequences")),
                    String.valueOf(c.getOrDefault("activation", "tanh")),
                    String.valueOf(c.getOrDefault("recurrent_activation", "sigmoid")));
        } catch (IllegalArgumentException e) {
            throw new UnsupportedKerasConfigurationException("GRU '" + layerName + "': " + e.getMessage());
        }
    }

    @Override
    public InputType getOutputType(InputType... inputType) throws InvalidKerasConfigurationException {
        if (inputType.length != 1) {
            throw new InvalidKerasConfigurationException("GRU '" + layerName + "' takes one input, got " + inputType.length);
        }
        return layer.getOutputType(-1, inputType[0]);
    }

    @Override
    public InputPreProcessor getInputPreprocessor(InputType... inputType) {
        return null;
    }

    /** Keras' kernel [in, 3u], recurrent kernel [u, 3u] and bias ([2, 3u] or [3u]) split by gate (z, r, h). */
    @Override
    public void setWeights(Map<String, INDArray> weights) throws InvalidKerasConfigurationException {
        this.weights = new HashMap<>();
        GruLayer g = (GruLayer) layer;
        long u = g.getUnits();
        INDArray kernel = required(weights, "kernel");
        INDArray recurrent = required(weights, "recurrent_kernel");
        INDArray bias = required(weights, "bias");
        if (kernel.rank() != 2 || kernel.size(1) != 3 * u || recurrent.size(1) != 3 * u
                || bias.length() != (g.isResetAfter() ? 6 * u : 3 * u)) {
            throw new InvalidKerasConfigurationException("GRU '" + layerName + "' (" + u + " units, reset_after="
                    + g.isResetAfter() + "): weights of shapes " + java.util.Arrays.toString(kernel.shape()) + ", "
                    + java.util.Arrays.toString(recurrent.shape()) + ", " + java.util.Arrays.toString(bias.shape())
                    + " do not fit");
        }
        INDArray b = bias.reshape(g.isResetAfter() ? 2 : 1, 3 * u);
        for (int k = 0; k < 3; k++) {
            org.nd4j.linalg.indexing.INDArrayIndex cols = org.nd4j.linalg.indexing.NDArrayIndex.interval(k * u, (k + 1) * u);
            String gate = GruLayer.GATES[k];
            this.weights.put("W" + gate, kernel.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), cols).dup());
            this.weights.put("U" + gate, recurrent.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), cols).dup());
            this.weights.put("b" + gate, b.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1), cols).dup());
            if (g.isResetAfter()) {
                this.weights.put("rb" + gate, b.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2), cols).dup());
            }
        }
    }

    private INDArray required(Map<String, INDArray> weights, String k) throws InvalidKerasConfigurationException {
        INDArray w = weights.get(k);
        if (w == null) {
            throw new InvalidKerasConfigurationException("GRU '" + layerName + "' has no weight '" + k + "' in the file");
        }
        return w.castTo(DataType.FLOAT);
    }

    /**
     * DL4J M2.1's SameDiff layers check a parameter's shape in {@code setParam} and then drop the value (the method
     * never assigns), so the file's weights are copied into the layer's parameter views here.
     */
    @Override
    public void copyWeightsToLayer(org.deeplearning4j.nn.api.Layer target) throws InvalidKerasConfigurationException {
        // setWeights checked the shapes against the layer's configuration, which made these parameters.
        for (Map.Entry<String, INDArray> e : weights.entrySet()) {
            INDArray p = target.paramTable().get(e.getKey());
            p.assign(e.getValue().reshape(p.shape()));
        }
    }
}
