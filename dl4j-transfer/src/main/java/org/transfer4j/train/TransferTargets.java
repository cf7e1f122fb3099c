package org.transfer4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.transfer.FeaturizedHead;
import org.transfer4j.transfer.Featurizer;
import org.transfer4j.transfer.GraphCut;
import org.transfer4j.transfer.plan.HeadNorm;
import org.transfer4j.transfer.plan.NetworkTransfer;

/**
 * What a transfer plan trains, stage by stage, and on which data: the trainable top of the network on the frozen
 * part's cached activations wherever nothing below a boundary trains and the data is not augmented (feature
 * extraction at its cut, pooled when the cut holds feature maps; the blocks above fine-tuning's boundary; each stage
 * of gradual unfreezing above its own boundary), else the whole network on the raw data. The activations come from
 * the base network through the one {@link Featurizer} and the {@link FeaturizeCache}, keyed by the weights, the cut
 * and the preprocessing, so every strategy, stage and run that cuts the base at the same place shares them.
 */
public final class TransferTargets implements PlanTrainer.Targets {
    private static final Logger LOG = LoggerFactory.getLogger(TransferTargets.class);

    /** Where a trained network's frozen part ends: the cut of the base network, and the vertex its top reads. */
    record Boundary(Featurizer.Cut cut, String topInput) {
    }

    /** What featurizing cost: whether every stage's activations came from disk, the seconds, the first key. */
    public record Featurized(boolean cacheHit, double seconds, String key) {
    }

    private final Model base;
    private final VertexNames names;
    private final TransferPlan plan;
    private final ImagePreprocessing pre;
    private final String weights;
    private final TrainingData raw;
    private final int batchSize;
    private final boolean featurize;
    private final FeaturizeCache cache;
    private final Map<TrainingTarget, TrainingData> dataOf = new IdentityHashMap<>();
    private final Map<String, FeaturizeCache.Result> byKey = new LinkedHashMap<>();
    private TrainingTarget unused;

    /**
     * @param base      the loaded base network (its frozen part is what the featurizer runs)
     * @param first     the network the plan makes for the first epoch ({@link NetworkTransfer#apply})
     * @param weights   the weights' identity for cache keys
     * @param featurize whether to train on cached activations where the plan allows it
     */
    public TransferTargets(Model base, VertexNames names, TransferPlan plan, Model first, ImagePreprocessing pre, String weights,
                           TrainingData raw, int batchSize, boolean featurize, FeaturizeCache cache) {
        this.base = base;
        this.names = names;
        this.plan = plan;
        this.pre = pre;
        this.weights = weights;
        this.raw = raw;
        this.batchSize = batchSize;
        this.featurize = featurize && !raw.augmented();
        this.cache = cache;
        this.unused = target(first, Math.max(0, plan.strategy().unfrozenBlocksAt(0)));
    }

    @Override
    public TrainingTarget initial() {
        TrainingTarget t = unused != null ? unused
                : target(NetworkTransfer.apply(base, names, plan), Math.max(0, plan.strategy().unfrozenBlocksAt(0)));
        unused = null;
        return t;
    }

    @Override
    public TrainingTarget unfreeze(TrainingTarget current, int blocks) {
        return target(NetworkTransfer.unfreeze(current.complete(), names, plan, blocks), blocks);
    }

    @Override
    public TrainingData data(TrainingTarget target, TrainingData given) {
        return dataOf.getOrDefault(target, given);
    }

    /** What featurizing cost over every stage so far; null when nothing trained on cached activations. */
    public Featurized featurized() {
        if (byKey.isEmpty()) {
            return null;
        }
        boolean hit = byKey.values().stream().allMatch(FeaturizeCache.Result::hit);
        double seconds = byKey.values().stream().mapToDouble(FeaturizeCache.Result::seconds).sum();
        return new Featurized(hit, seconds, byKey.values().iterator().next().key());
    }

    /** The cuts of the base network that {@code plan} trains above, stage by stage (empty: it trains whole networks). */
    public static List<Featurizer.Cut> cuts(VertexNames names, TransferPlan plan, Model first) {
        List<Featurizer.Cut> out = new ArrayList<>();
        int from = Math.max(0, plan.strategy().unfrozenBlocksAt(0));
        int to = plan.strategy() instanceof Strategy.Gradual g ? g.maxBlocks() : from;
        for (int b = from; b <= to; b++) {
            Boundary bd = boundary(names, plan, first, b);
            if (bd != null && !out.contains(bd.cut())) {
                out.add(bd.cut());
            }
        }
        return out;
    }

    /** The boundary of a graph trained with the last {@code blocks} blocks unfrozen; null: the whole network trains. */
    static Boundary boundary(VertexNames names, TransferPlan plan, Model network, int blocks) {
        if (!(network instanceof ComputationGraph g)) {
            return null;
        }
        String v = NetworkTransfer.freezeVertex(plan.strategy(), names, blocks);
        if (v == null) {
            return null;
        }
        if (plan.strategy() instanceof Strategy.FeatureExtraction
                && g.getConfiguration().getVertices().containsKey(NetworkTransfer.HEAD_POOL)) {
            return new Boundary(new Featurizer.Cut(v, true), NetworkTransfer.HEAD_POOL); // a cut's pooled activations
        }
        return new Boundary(new Featurizer.Cut(v, false), v);
    }

    /** The key under which the activations at {@code cut} of this base, seen through {@code pre}, are cached. */
    public static String key(String weights, Featurizer.Cut cut, ImagePreprocessing pre) {
        return FeaturizeCache.key(weights, cut.describe(), org.transfer4j.common.Json.write(pre));
    }

    private TrainingTarget target(Model network, int blocks) {
        TrainingTarget t = new TrainingTarget.Whole(network);
        TrainingData d = raw;
        if (featurize && network instanceof ComputationGraph g) {
            Boundary b = boundary(names, plan, g, blocks);
            if (b != null) {
                try {
                    TrainingTarget.GraphTop top = new TrainingTarget.GraphTop(g, b.topInput());
                    d = featurized(key(weights, b.cut(), pre), Featurizer.of(base, List.of(b.cut())));
                    t = top;
                } catch (GraphCut.NotASingleCut e) {
                    LOG.info("training through the whole network instead of on cached activations: {}", e.getMessage());
                }
            }
        } else if (featurize && plan.strategy() instanceof Strategy.FeatureExtraction) {
            FeaturizedHead head = new FeaturizedHead((MultiLayerNetwork) network);
            String k = FeaturizeCache.key(weights, "layers 0-" + (head.firstTrainableLayer() - 1),
                    org.transfer4j.common.Json.write(pre));
            d = featured(k, head);
            t = new TrainingTarget.LayersTop(head);
        }
        HeadNorm.fit(t.trained(), d.batches(TrainingData.Split.TRAIN, batchSize));
        dataOf.put(t, d);
        return t;
    }

    private TrainingData featurized(String key, Featurizer f) {
        return featurizedWith(key, x -> f.apply(x));
    }

    private TrainingData featured(String key, FeaturizedHead head) {
        return featurizedWith(key, x -> new INDArray[] {head.featurize(x)});
    }

    private TrainingData featurizedWith(String key, java.util.function.Function<INDArray, INDArray[]> f) {
        FeaturizeCache.Result r = byKey.get(key);
        if (r == null) {
            try {
                r = cache.getAll(List.of(key), raw, batchSize, f).get(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LOG.info("featurized activations {} in {} s (key {})", r.hit() ? "read from the cache" : "computed and cached",
                    String.format("%.1f", r.seconds()), r.key());
            byKey.put(key, r);
        }
        return r.data();
    }
}
