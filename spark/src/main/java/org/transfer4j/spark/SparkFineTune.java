package org.transfer4j.spark;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-parallel training of a transfer plan's network on Spark with dl4j-spark's parameter averaging
 * ({@code SparkComputationGraph} + {@code ParameterAveragingTrainingMaster}; dl4j-spark 1.0.0-M2, the last
 * build, beside the project's M2.1 core). Each epoch every worker fits its partitions' batches and the
 * driver averages the parameters every {@code averagingFrequency} minibatches.
 *
 * <p>Frozen layers must stay frozen on Spark (an old DL4J issue reported otherwise): their parameters are
 * copied before training and compared bit for bit after every epoch; a change stops training with the
 * layer's name rather than silently handing back a damaged backbone.
 */
public final class SparkFineTune {
    private static final Logger LOG = LoggerFactory.getLogger(SparkFineTune.class);

    /** The trained network (a copy held by dl4j-spark), epochs run and the time taken. */
    public record Result(ComputationGraph network, int epochs, double seconds) {
    }

    private SparkFineTune() {
    }

    public static Result fit(JavaSparkContext sc, ComputationGraph net, JavaRDD<DataSet> batches, int epochs, int batchPerWorker,
                             int averagingFrequency) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchPerWorker < 1) {
            throw new IllegalArgumentException("batchPerWorker must be at least 1, got " + batchPerWorker);
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("averagingFrequency must be at least 1, got " + averagingFrequency);
        }
        long t0 = System.nanoTime();
        Map<String, INDArray> frozen = frozenParameters(net);
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(batchPerWorker)
                .averagingFrequency(averagingFrequency).workerPrefetchNumBatches(0)
                .rddTrainingApproach(approach(sc.isLocal(), sc.hadoopConfiguration().get("fs.defaultFS", "file:///"))).build();
        SparkComputationGraph spark = new SparkComputationGraph(sc, net, tm);
        for (int e = 1; e <= epochs; e++) {
            spark.fit(batches);
            checkFrozen(frozen, frozenParameters(spark.getNetwork()), e);
            LOG.info("epoch {}/{} on Spark: score {}", e, epochs, spark.getScore());
        }
        return new Result(spark.getNetwork(), epochs, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * dl4j-spark's default ("export": batches saved to the default filesystem, read back by the workers) needs a
     * filesystem every worker reaches; with a cluster master and the local filesystem as the default it throws,
     * so the batches then travel inside the RDD ("direct").
     */
    static RDDTrainingApproach approach(boolean localMaster, String defaultFs) {
        boolean localFs = defaultFs == null || defaultFs.startsWith("file:");
        return !localMaster && localFs ? RDDTrainingApproach.Direct : RDDTrainingApproach.Export;
    }

    /** Copies (contiguous) of the parameters of every frozen layer, by layer name. */
    static Map<String, INDArray> frozenParameters(ComputationGraph g) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (GraphVertex v : g.getVertices()) {
            Layer l = v.hasLayer() ? v.getLayer() : null;
            if ((l instanceof FrozenLayer || l instanceof FrozenLayerWithBackprop) && l.numParams() > 0) {
                out.put(v.getVertexName(), l.params().dup());
            }
        }
        return out;
    }

    static void checkFrozen(Map<String, INDArray> before, Map<String, INDArray> after, int epoch) {
        if (!before.keySet().equals(after.keySet())) {
            throw new IllegalStateException("after epoch " + epoch + " on Spark the frozen layers are " + after.keySet()
                    + ", before they were " + before.keySet());
        }
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue().data().asFloat(), after.get(e.getKey()).data().asFloat())) {
                throw new IllegalStateException("frozen layer '" + e.getKey() + "' changed in epoch " + epoch
                        + " of data-parallel training on Spark; training stopped");
            }
        }
    }
}
