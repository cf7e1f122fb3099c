package org.transfer4j.domain;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.transfer4j.transfer.plan.BatchNormCalibration;

/**
 * AdaBN (Li et al. 2016): every BatchNorm layer's running mean and variance replaced by the statistics of its
 * input over unlabelled target images, the weights untouched. Each batch goes forward in training mode, where
 * every BatchNorm normalises with the batch's own statistics, so a layer's input is what it will be once all
 * layers below hold target statistics; the statistics are the pooled mean and (biased) variance over all
 * batches' rows and positions. With one batch this is {@link BatchNormCalibration} exactly; with several,
 * a layer's input within each batch is normalised by that batch's statistics below it (PyTorch's
 * cumulative-average AdaBN does the same).
 *
 * <p>Layers wrapped as frozen run in inference mode in DL4J whatever the mode asked, so AdaBN is applied to a
 * network before it is frozen (a base, or a network whose BatchNorm layers train).
 */
public final class AdaBn {
    private AdaBn() {
    }

    /** The statistics found for one layer. */
    public record Statistics(INDArray mean, INDArray variance, long count) {
    }

    /**
     * Sets the statistics of every BatchNorm layer of {@code g} from {@code batches} (inputs of {@code g});
     * answers them by layer name. Dropout layers, if any, apply in training mode: call this on networks whose
     * BatchNorm layers are above no dropout, as the study's and the catalogue's are.
     */
    public static Map<String, Statistics> adapt(ComputationGraph g, Iterator<INDArray> batches) {
        Map<String, String> inputs = new LinkedHashMap<>();
        Map<String, BatchNormalization> layers = new LinkedHashMap<>();
        for (var e : g.getConfiguration().getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv
                    && BatchNormCalibration.unwrap(lv.getLayerConf().getLayer()) instanceof BatchNormalization bn) {
                layers.put(e.getKey(), bn);
                inputs.put(e.getKey(), g.getConfiguration().getVertexInputs().get(e.getKey()).get(0));
            }
        }
        Map<String, INDArray> sum = new LinkedHashMap<>();
        Map<String, INDArray> squares = new LinkedHashMap<>();
        Map<String, Long> count = new LinkedHashMap<>();
        boolean any = false;
        int done = 0;
        while (batches.hasNext()) {
            INDArray x = batches.next();
            any = true;
            Map<String, INDArray> acts = g.feedForward(new INDArray[] {x}, true, false);
            for (var e : layers.entrySet()) {
                INDArray a = acts.get(inputs.get(e.getKey())).castTo(DataType.DOUBLE);
                int[] dims = dims(a, e.getValue());
                sum.merge(e.getKey(), a.sum(dims), INDArray::addi);
                squares.merge(e.getKey(), a.mul(a).sum(dims), INDArray::addi);
                count.merge(e.getKey(), a.length() / a.size(channelAxis(a, e.getValue())), Long::sum);
            }
            g.clearLayersStates();
            // Every activation of a training-mode pass comes back detached (hundreds of MB for a batch of images):
            // freed now, not whenever the garbage collector next finalises them, which on a small heap is too late
            // (a study's JVM grew past 18 GB of native memory before this).
            java.util.Set<INDArray> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (INDArray a : acts.values()) {
                if (a != x && seen.add(a) && !a.wasClosed() && a.closeable()) {
                    a.close();
                }
            }
            // The layers' own training-mode buffers (BatchNorm's helpers among them) are garbage of the same size that
            // only the collector frees: on nsfwjs' MobileNetV2 at 96 px, 1,700 images in batches of 32 left 20 GB
            // behind. A collection every 8 batches keeps it to a few.
            if (++done % 8 == 0) {
                System.gc();
            }
        }
        if (!any) {
            throw new IllegalArgumentException("AdaBN needs target images: none were given");
        }
        Map<String, Statistics> out = new LinkedHashMap<>();
        for (var e : layers.entrySet()) {
            long n = count.get(e.getKey());
            INDArray mean = sum.get(e.getKey()).div(n);
            INDArray var = Transforms.max(squares.get(e.getKey()).div(n).subi(mean.mul(mean)), 0.0);
            BatchNormCalibration.setStatistics(g.getLayer(e.getKey()), e.getValue(), mean, var);
            out.put(e.getKey(), new Statistics(mean, var, n));
        }
        return out;
    }

    private static int channelAxis(INDArray a, BatchNormalization bn) {
        return a.rank() == 2 ? 1 : bn.getCnn2DFormat() == CNN2DFormat.NHWC ? 3 : 1;
    }

    private static int[] dims(INDArray a, BatchNormalization bn) {
        return a.rank() == 2 ? new int[] {0} : bn.getCnn2DFormat() == CNN2DFormat.NHWC ? new int[] {0, 1, 2} : new int[] {0, 2, 3};
    }
}
