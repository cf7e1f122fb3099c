package org.transfer4j.text;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.zoo.catalogue.TextEncoderEntry;

/**
 * The classifier built on an encoder's SameDiff graph: pooling of the token states (as the catalogue says), a softmax
 * head, the labels and the loss, under fixed names; and the same head over pooled vectors alone, for training it on
 * cached embeddings. The head's weights have the same names in both, so one is copied into the other.
 */
public final class TextGraphs {
    public static final String POOLED = "t4j_pooled";
    public static final String LABELS = "t4j_labels";
    public static final String LOGITS = "t4j_logits";
    public static final String PROBABILITIES = "t4j_probabilities";
    public static final String LOSS = "t4j_loss";
    public static final String HEAD_WEIGHTS = "t4j_head_W";
    public static final String HEAD_BIAS = "t4j_head_b";
    public static final List<String> HEAD = List.of(HEAD_WEIGHTS, HEAD_BIAS);

    private TextGraphs() {
    }

    /** Adds pooling, the head, labels and loss to an encoder graph. */
    public static void attach(SameDiff sd, TextEncoderEntry e, int classes, long seed) {
        SDVariable states = sd.getVariable(e.output());
        SDVariable pooled;
        if ("cls".equals(e.pooling())) {
            pooled = states.get(org.nd4j.autodiff.samediff.SDIndex.all(), org.nd4j.autodiff.samediff.SDIndex.point(0),
                    org.nd4j.autodiff.samediff.SDIndex.all());
        } else {
            SDVariable mask = sd.castTo(sd.getVariable(e.inputs().get(1)), DataType.FLOAT);
            pooled = states.mul(sd.expandDims(mask, 2)).sum(1).div(mask.sum(true, 1));
        }
        if (e.normalize()) {
            pooled = pooled.div(pooled.norm2(true, 1).add(1e-12));
        }
        head(sd, sd.identity(POOLED, pooled), e.hidden(), classes, seed);
    }

    /** The head alone, over a placeholder of pooled vectors [rows, width]. */
    public static SameDiff headOnly(int width, int classes, long seed) {
        SameDiff sd = SameDiff.create();
        head(sd, sd.placeHolder(POOLED, DataType.FLOAT, -1, width), width, classes, seed);
        return sd;
    }

    private static void head(SameDiff sd, SDVariable pooled, int width, int classes, long seed) {
        // Xavier-uniform, drawn from the run's seed so a run is repeatable.
        double limit = Math.sqrt(6.0 / (width + classes));
        java.util.Random rnd = new java.util.Random(seed);
        float[] values = new float[width * classes];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((2 * rnd.nextDouble() - 1) * limit);
        }
        INDArray w = Nd4j.createFromArray(values).reshape(width, classes);
        SDVariable weights = sd.var(HEAD_WEIGHTS, w);
        SDVariable bias = sd.var(HEAD_BIAS, Nd4j.zeros(DataType.FLOAT, classes));
        SDVariable logits = sd.identity(LOGITS, pooled.mmul(weights).add(bias));
        sd.nn.softmax(PROBABILITIES, logits, 1);
        SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, classes);
        sd.loss.softmaxCrossEntropy(LOSS, labels, logits, null);
        sd.setLossVariables(LOSS);
    }

    /** An op is in a block when its name, or the name of a variable it outputs, starts with the block's prefix. */
    private static boolean inBlock(SameDiff sd, String op, List<String> prefixes) {
        List<String> names = new ArrayList<>();
        names.add(op);
        var o = sd.getOps().get(op);
        if (o != null && o.getOutputsOfOp() != null) {
            names.addAll(o.getOutputsOfOp());
        }
        return names.stream().anyMatch(n -> prefixes.stream().anyMatch(n::startsWith));
    }

    /**
     * The weights of the named blocks (float constants of more than one value that feed an op of a block: named with
     * the block's prefix, as the ONNX importer names ops after their nodes, or writing a variable so named): what fine-tuning those blocks trains. Shape constants and scalars stay constants.
     */
    public static List<SDVariable> blockWeights(SameDiff sd, List<String> prefixes) {
        List<SDVariable> out = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() != VariableType.CONSTANT || v.dataType() != DataType.FLOAT || v.getArr().length() < 2) {
                continue;
            }
            Variable meta = sd.getVariables().get(v.name());
            List<String> feeds = meta.getInputsForOp();
            if (feeds != null && feeds.stream().anyMatch(op -> inBlock(sd, op, prefixes))) {
                out.add(v);
            }
        }
        return out;
    }
}
