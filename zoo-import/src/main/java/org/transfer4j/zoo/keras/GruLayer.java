package org.transfer4j.zoo.keras;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras' GRU as a DL4J layer: DL4J 1.0.0-M2.1 has no GRU (its layers and its Keras import stop at LSTM and SimpleRNN),
 * so this is one, written in SameDiff and so trainable like any other layer. Keras' equations and weight layout:
 * gates in the order z (update), r (reset), h (candidate); kernel [in, 3u], recurrent kernel [u, 3u] (held here split
 * by gate, see {@link #defineParameters}); with
 * {@code reset_after} (Keras' default since 2.0) the bias is [2, 3u] (input and recurrent) and the reset gate applies
 * after the recurrent product, otherwise the bias is [3u] and the reset gate scales the state before it:
 * <pre>
 *   z = sigmoid(x Wz + h Uz + b), r = sigmoid(x Wr + h Ur + b)
 *   reset_after:  c = tanh(x Wh + bx + r * (h Uh + bh))      else: c = tanh(x Wh + (r * h) Uh + b)
 *   h' = z * h + (1 - z) * c
 * </pre>
 * The sequence is unrolled over its length, which the first input fixes. Activations: tanh and sigmoid (Keras'
 * defaults), relu, linear.
 */
public class GruLayer extends SameDiffLayer {
    /** Gates in Keras' order: update, reset, candidate. */
    static final String[] GATES = {"z", "r", "h"};

    private long nIn;
    private long units;
    private boolean resetAfter = true;
    private boolean returnSequences;
    private String activation = "tanh";
    private String recurrentActivation = "sigmoid";
    private RNNFormat format = RNNFormat.NCW;

    /** For JSON (saved models). */
    public GruLayer() {
    }

    public GruLayer(String name, long nIn, long units, boolean resetAfter, boolean returnSequences, String activation,
                    String recurrentActivation) {
        setLayerName(name);
        this.nIn = nIn;
        this.units = units;
        this.resetAfter = resetAfter;
        this.returnSequences = returnSequences;
        this.activation = check(activation);
        this.recurrentActivation = check(recurrentActivation);
    }

    private static String check(String a) {
        if (!List.of("tanh", "sigmoid", "relu", "linear").contains(a)) {
            throw new IllegalArgumentException("GRU activation '" + a + "' is not supported (tanh, sigmoid, relu, linear)");
        }
        return a;
    }

    /**
     * Per gate g: kernel {@code Wg} [in, u], recurrent kernel {@code Ug} [u, u], input bias {@code bg} [u] and, with
     * reset_after, recurrent bias {@code rbg} [u]: Keras' arrays split by gate. No underscore in the names: DL4J's
     * updater splits a gradient key "layer_param" at its last underscore. One array per gate keeps slicing
     * out of the graph: DL4J M2.1's SameDiff layers failed in the backward pass of strided slices ("strided_slice_bp
     * ... Op validation failed").
     */
    @Override
    public void defineParameters(SDLayerParams params) {
        for (String g : GATES) {
            params.addWeightParam("W" + g, nIn, units);
            params.addWeightParam("U" + g, units, units);
            params.addBiasParam("b" + g, 1, units);
            if (resetAfter) {
                params.addBiasParam("rb" + g, 1, units);
            }
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // Glorot-uniform kernels and zero biases, Keras' defaults (an imported layer's values come from its file).
        params.forEach((k, p) -> {
            if (k.startsWith("W") || k.startsWith("U")) {
                double limit = Math.sqrt(6.0 / (p.size(0) + p.size(1)));
                p.assign(org.nd4j.linalg.factory.Nd4j.rand(p.dataType(), p.shape()).muli(2 * limit).subi(limit));
            } else {
                p.assign(0);
            }
        });
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> p, SDVariable mask) {
        long[] shape = input.getShape();
        // The layout the arrays arrive in: DL4J's Keras import declares the sequence format of a Sequential model's
        // Embedding output one way and delivers it the other, so the features axis is found by its size; the
        // configured format decides only when both axes have that size.
        int timeAxis = shape[1] == nIn && shape[2] != nIn ? 2 : shape[2] == nIn && shape[1] != nIn ? 1
                : format == RNNFormat.NCW ? 2 : 1;
        long steps = shape[timeAxis];
        if (steps < 1) {
            throw new IllegalStateException("GRU '" + getLayerName() + "' needs a known sequence length");
        }
        SDVariable[] xs = sd.unstack(input, timeAxis, (int) steps); // [batch, features] per step
        SDVariable h = null;
        SDVariable[] outputs = new SDVariable[(int) steps];
        for (int t = 0; t < steps; t++) {
            SDVariable xz = xs[t].mmul(p.get("Wz")).add(p.get("bz"));
            SDVariable xr = xs[t].mmul(p.get("Wr")).add(p.get("br"));
            SDVariable xh = xs[t].mmul(p.get("Wh")).add(p.get("bh"));
            if (h == null) {
                // The zero initial state, made from this step's values: SameDiff takes any variable nothing consumes
                // for a loss, and DL4J's SameDiff layers then lose their gradient input, so every parameter and
                // every gate must feed the output, the first step included.
                h = xz.mul(0.0);
            }
            SDVariable z;
            SDVariable r;
            SDVariable c;
            if (resetAfter) {
                z = act(sd, recurrentActivation, xz.add(h.mmul(p.get("Uz")).add(p.get("rbz"))));
                r = act(sd, recurrentActivation, xr.add(h.mmul(p.get("Ur")).add(p.get("rbr"))));
                c = act(sd, activation, xh.add(r.mul(h.mmul(p.get("Uh")).add(p.get("rbh")))));
            } else {
                z = act(sd, recurrentActivation, xz.add(h.mmul(p.get("Uz"))));
                r = act(sd, recurrentActivation, xr.add(h.mmul(p.get("Ur"))));
                c = act(sd, activation, xh.add(r.mul(h).mmul(p.get("Uh"))));
            }
            h = z.mul(h).add(z.rsub(1.0).mul(c));
            outputs[t] = h;
        }
        return returnSequences ? sd.stack(timeAxis, outputs) : h;
    }

    private static SDVariable act(SameDiff sd, String a, SDVariable v) {
        return switch (a) {
            case "tanh" -> sd.math().tanh(v);
            case "sigmoid" -> sd.nn().sigmoid(v);
            case "relu" -> sd.nn().relu(v, 0);
            default -> v;
        };
    }

    /**
     * DL4J's SameDiff layer, with the error it receives halved: in DL4J M2.1 a SameDiff layer's gradients (of its
     * parameters and of its input) come out twice what they are (a finite-difference check shows exactly 2x, for
     * any SameDiff layer, tanh(x W) included), because the external-errors function that feeds it the error registers
     * it as the output's gradient and also returns it, so the two are summed.
     */
    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
            java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners, int index,
            INDArray paramsView, boolean initializeParams, org.nd4j.linalg.api.buffer.DataType dataType) {
        var layer = new HalvedErrorLayer(conf, dataType);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        return layer;
    }

    /** See {@link #instantiate}. */
    static final class HalvedErrorLayer extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {
        HalvedErrorLayer(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf, org.nd4j.linalg.api.buffer.DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public org.nd4j.common.primitives.Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> backpropGradient(
                INDArray epsilon, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr workspaceMgr) {
            return super.backpropGradient(epsilon.mul(0.5), workspaceMgr);
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!returnSequences) {
            return InputType.feedForward(units);
        }
        InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) inputType;
        return InputType.recurrent(units, r.getTimeSeriesLength(), format);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalArgumentException("GRU '" + getLayerName() + "' takes a sequence, got " + inputType);
        }
        format = r.getFormat();
        if (nIn <= 0 || override) {
            nIn = r.getSize();
        }
    }

    public long getNIn() {
        return nIn;
    }

    public void setNIn(long nIn) {
        this.nIn = nIn;
    }

    public long getUnits() {
        return units;
    }

    public void setUnits(long units) {
        this.units = units;
    }

    public boolean isResetAfter() {
        return resetAfter;
    }

    public void setResetAfter(boolean resetAfter) {
        this.resetAfter = resetAfter;
    }

    public boolean isReturnSequences() {
        return returnSequences;
    }

    public void setReturnSequences(boolean returnSequences) {
        this.returnSequences = returnSequences;
    }

    public String getActivation() {
        return activation;
    }

    public void setActivation(String activation) {
        this.activation = activation;
    }

    public String getRecurrentActivation() {
        return recurrentActivation;
    }

    public void setRecurrentActivation(String recurrentActivation) {
        this.recurrentActivation = recurrentActivation;
    }

    public RNNFormat getFormat() {
        return format;
    }

    public void setFormat(RNNFormat format) {
        this.format = format;
    }
}
