package org.transfer4j.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transfer4j.common.Progress;
import org.transfer4j.plan.Strategy;
import org.transfer4j.text.EmbeddingCache;
import org.transfer4j.text.TextData;
import org.transfer4j.text.TextExamples;
import org.transfer4j.text.TextGraphs;
import org.transfer4j.text.TextTraining;
import org.transfer4j.zoo.catalogue.TextEncoderEntry;
import org.transfer4j.zoo.text.EncodedBatch;
import org.transfer4j.zoo.text.TextEncoder;

/**
 * Transfer learning for text, the counterpart of {@link Transfer} for a pretrained text encoder (the catalogue's
 * BERT-family encoders), with the same {@link Strategy} and {@link Fit}:
 *
 * <pre>{@code
 * TextClassifier c = TextTransfer.from("all-minilm-l6-v2")
 *         .strategy(Strategy.lastBlocks(2))
 *         .fit(TextData.of(Path.of("tickets")), Fit.epochs(10));
 * c.predict(List.of("The printer on floor 2 is out of toner"));
 * }</pre>
 *
 * Feature extraction trains a softmax head on the pooled embeddings, computed once and cached on disk. Fine-tuning the
 * last N transformer blocks starts from that trained head (linear probing, then fine-tuning: the head does not send
 * random gradients into the pretrained blocks) and trains those blocks and the head together at the head's rate x the
 * strategy's backbone factor; the embeddings and the lower blocks stay frozen. SameDiff has one updater per graph, so
 * {@code perBlockDecay} must be 1.
 */
public final class TextTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(TextTransfer.class);
    /** The head's Adam rate: pooled sentence embeddings are unit vectors, whose logits need weights of norm ~10. */
    public static final double DEFAULT_LEARNING_RATE = 1e-2;
    /**
     * The head on cached embeddings trains for at least this many steps (more epochs than the fit asks for on small
     * data): a step costs about a millisecond, and a few dozen steps leave a unit-vector probe far from converged.
     */
    public static final int HEAD_MIN_STEPS = 300;

    private final String encoderId;
    private TextEncoder encoder;
    private Strategy strategy = Strategy.featureExtraction();
    private double learningRate = DEFAULT_LEARNING_RATE;
    private long seed = 1;

    private TextTransfer(String encoderId, TextEncoder encoder) {
        this.encoderId = encoderId;
        this.encoder = encoder;
    }

    /** An encoder of the catalogue, e.g. {@code "all-minilm-l6-v2"}; loaded (and fetched once) by {@link #fit}. */
    public static TextTransfer from(String catalogueId) {
        if (catalogueId == null || catalogueId.isBlank()) {
            throw new IllegalArgumentException("a text encoder id is required, e.g. \"all-minilm-l6-v2\"");
        }
        org.transfer4j.zoo.catalogue.Catalogue.builtIn().textEncoder(catalogueId); // unknown ids fail here, not later
        return new TextTransfer(catalogueId, null);
    }

    /** An encoder already loaded (it is not changed: fine-tuning works on a copy of its graph). */
    public static TextTransfer from(TextEncoder loaded) {
        if (loaded == null) {
            throw new IllegalArgumentException("encoder must not be null");
        }
        return new TextTransfer(loaded.entry().id(), loaded);
    }

    /** {@link Strategy#featureExtraction()} (default) or {@link Strategy#lastBlocks} with perBlockDecay 1. */
    public TextTransfer strategy(Strategy s) {
        if (s instanceof Strategy.LastBlocks lb) {
            if (lb.perBlockDecay() != 1.0) {
                throw new IllegalArgumentException("text fine-tuning trains its blocks at one rate: perBlockDecay must be 1,"
                        + " got " + lb.perBlockDecay());
            }
        } else if (!(s instanceof Strategy.FeatureExtraction)) {
            throw new IllegalArgumentException("text encoders support featureExtraction() and lastBlocks(n), got "
                    + (s == null ? null : s.describe()));
        }
        this.strategy = s;
        return this;
    }

    /** The head's learning rate (default {@value #DEFAULT_LEARNING_RATE}); fine-tuned blocks train at it x the factor. */
    public TextTransfer learningRate(double rate) {
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1), got " + rate);
        }
        this.learningRate = rate;
        return this;
    }

    /** Seeds the split, the head's weights and the batch order (default 1). */
    public TextTransfer seed(long s) {
        this.seed = s;
        return this;
    }

    public TextClassifier fit(TextData data, Fit fit) throws IOException {
        if (data == null || fit == null) {
            throw new IllegalArgumentException("data and fit are required, e.g. TextData.of(dir), Fit.epochs(10)");
        }
        if (fit.checkpoints() != null) {
            // Refused rather than ignored: a user who asked for checkpoints expects a killed run to resume.
            throw new IllegalArgumentException("text runs do not write checkpoints yet: drop Fit.checkpoints(...) (a"
                    + " feature-extraction run re-reads its cached embeddings and takes seconds)");
        }
        long start = System.nanoTime();
        TextExamples.Split split = data.open(seed); // bad data is refused before the encoder loads
        if (split.train().size() == 0) {
            throw new IllegalArgumentException(data.describe() + ": no training texts");
        }
        TextEncoder enc = encoder != null ? encoder : (encoder = TextEncoder.pretrained(encoderId));
        try (Progress progress = fit.progressSink() != null ? Progress.unclosable(fit.progressSink())
                : Progress.console("text", fit.progressBar(), fit.stepsFor(split.train().size()))) {
            return fit(data, fit, split, enc, progress, start);
        }
    }

    private TextClassifier fit(TextData data, Fit fit, TextExamples.Split split, TextEncoder enc, Progress progress,
                               long start) throws IOException {
        TextEncoderEntry e = enc.entry();
        int classes = split.train().classes().size();

        // 1. The head on cached embeddings (all there is to feature extraction).
        EmbeddingCache cache = EmbeddingCache.standard(e);
        int embedBatch = 16;
        INDArray trainX = cache.embed(enc, split.train().texts(), embedBatch, progress);
        INDArray valX = split.validation().size() == 0 ? null : cache.embed(enc, split.validation().texts(), embedBatch, progress);
        SameDiff head = TextGraphs.headOnly(e.hidden(), classes, seed);
        INDArray trainY = oneHot(split.train(), classes);
        int epochs = fit.epochsFor(split.train().size());
        int headEpochs = Math.max(epochs, Fit.epochs(1).batchSize(fit.batchSize()).minSteps(HEAD_MIN_STEPS)
                .epochsFor(split.train().size()));
        List<TextTraining.Epoch> headHistory = TextTraining.train(head, TextGraphs.HEAD, List.of(TextGraphs.POOLED),
                split.train().size(), rows -> new MultiDataSet(new INDArray[] {rowsOf(trainX, rows)},
                        new INDArray[] {rowsOf(trainY, rows)}),
                valX == null ? null : () -> score(head, Map.of(TextGraphs.POOLED, valX), oneHot(split.validation(), classes)),
                headEpochs, fit.patience(), fit.batchSize(), learningRate, seed, progress);

        // 2. The classifier: a copy of the encoder's graph with the trained head on top.
        SameDiff graph = enc.graph().dup();
        TextGraphs.attach(graph, e, classes, seed);
        for (String v : TextGraphs.HEAD) {
            graph.getVariable(v).getArr().assign(head.getVariable(v).getArr());
        }
        List<TextTraining.Epoch> tuneHistory = List.of();
        int tuned = 0;
        if (strategy instanceof Strategy.LastBlocks lb) {
            tuned = Math.min(lb.blocks(), e.layers());
            List<SDVariable> blocks = TextGraphs.blockWeights(graph, e.blocks().subList(e.layers() - tuned, e.layers()));
            graph.convertToVariables(blocks);
            List<String> trainable = new ArrayList<>(TextGraphs.HEAD);
            blocks.forEach(b -> trainable.add(b.name()));
            TextClassifier probe = new TextClassifier(graph, e, enc.tokenizer(), split.train().classes(), null);
            tuneHistory = TextTraining.train(graph, trainable, e.inputs(), split.train().size(),
                    rows -> tokenBatch(enc, split.train(), rows, classes),
                    split.validation().size() == 0 ? null : () -> probe.score(split.validation(), fit.batchSize()),
                    epochs, fit.patience(), fit.batchSize(), learningRate * lb.backboneRateFactor(), seed + 1, progress);
            LOG.info("fine-tuned the last {} block(s): {} weight arrays", tuned, blocks.size());
        }
        TextClassifier c = new TextClassifier(graph, e, enc.tokenizer(), split.train().classes(), null);
        double[] test = scoreOf(c, tuned == 0 ? head : null, cache, enc, split.test(), classes, fit.batchSize(), progress);
        double[] val = scoreOf(c, tuned == 0 ? head : null, cache, enc, split.validation(), classes, fit.batchSize(), progress);
        TextClassifier.Report report = new TextClassifier.Report(e.id(), e.modelSha256(), strategy.describe(), tuned,
                learningRate, seed, data.describe(), split.train().classes(), split.train().size(),
                split.validation().size(), split.test().size(), headHistory, tuneHistory, val[0], test[0],
                (System.nanoTime() - start) / 1e9);
        LOG.info("{} on {}: validation accuracy {}, test accuracy {}", strategy.describe(), data.describe(), val[0], test[0]);
        return new TextClassifier(graph, e, enc.tokenizer(), split.train().classes(), report);
    }

    /**
     * Accuracy and loss on {@code ex}: through the head alone on cached embeddings when the encoder was not changed
     * (the same numbers as the whole graph gives, without running it again), else through the classifier's graph.
     */
    private static double[] scoreOf(TextClassifier c, SameDiff head, EmbeddingCache cache, TextEncoder enc, TextExamples ex,
                                    int classes, int batchSize, Progress progress) throws IOException {
        if (ex.size() == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        if (head == null) {
            return c.score(ex, batchSize);
        }
        return score(head, Map.of(TextGraphs.POOLED, cache.embed(enc, ex.texts(), 16, progress)), oneHot(ex, classes));
    }

    static MultiDataSet tokenBatch(TextEncoder enc, TextExamples ex, List<Integer> rows, int classes) {
        EncodedBatch b = enc.encode(rows.stream().map(ex.texts()::get).toList());
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows.size(), classes);
        for (int i = 0; i < rows.size(); i++) {
            y.putScalar(i, ex.labels().get(rows.get(i)), 1f);
        }
        INDArray[] features = enc.entry().inputs().size() == 3
                ? new INDArray[] {Nd4j.createFromArray(b.ids()), Nd4j.createFromArray(b.mask()), Nd4j.createFromArray(b.types())}
                : new INDArray[] {Nd4j.createFromArray(b.ids()), Nd4j.createFromArray(b.mask())};
        return new MultiDataSet(features, new INDArray[] {y});
    }

    static INDArray oneHot(TextExamples ex, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, ex.size(), classes);
        for (int i = 0; i < ex.size(); i++) {
            y.putScalar(i, ex.labels().get(i), 1f);
        }
        return y;
    }

    private static INDArray rowsOf(INDArray a, List<Integer> rows) {
        return a.getRows(rows.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Accuracy and mean loss of {@code sd} on inputs with one-hot {@code labels}. */
    static double[] score(SameDiff sd, Map<String, INDArray> inputs, INDArray labels) {
        Map<String, INDArray> in = new java.util.HashMap<>(inputs);
        in.put(TextGraphs.LABELS, labels);
        Map<String, INDArray> out = sd.output(in, TextGraphs.PROBABILITIES, TextGraphs.LOSS);
        INDArray predicted = out.get(TextGraphs.PROBABILITIES).argMax(1);
        INDArray truth = labels.argMax(1);
        double accuracy = predicted.eq(truth).castTo(DataType.FLOAT).meanNumber().doubleValue();
        return new double[] {accuracy, out.get(TextGraphs.LOSS).getDouble(0)};
    }
}
