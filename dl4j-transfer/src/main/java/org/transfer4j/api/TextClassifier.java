package org.transfer4j.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;
import org.transfer4j.text.TextExamples;
import org.transfer4j.text.TextGraphs;
import org.transfer4j.text.TextTraining;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.TextEncoderEntry;
import org.transfer4j.zoo.source.MavenJarSource;
import org.transfer4j.zoo.text.EncodedBatch;
import org.transfer4j.zoo.text.TextEncoder;
import org.transfer4j.zoo.text.WordPieceTokenizer;

/**
 * A trained text classifier: the encoder's graph with its head, the tokenizer and the class names. Predicts on new
 * texts, scores labelled ones, and saves to a directory ({@code model.sd} and {@code text-model.json}) that
 * {@link #load} reads back.
 */
public final class TextClassifier {
    public static final String GRAPH_FILE = "model.sd";
    public static final String MANIFEST_FILE = "text-model.json";
    private static final int BATCH = 32;

    private final SameDiff graph;
    private final TextEncoderEntry entry;
    private final WordPieceTokenizer tokenizer;
    private final List<String> classes;
    private final Report report;

    /** What a run did and measured. */
    public record Report(String encoder, String encoderSha256, String strategy, int fineTunedBlocks, double learningRate,
                         long seed, String data, List<String> classes, int trainTexts, int validationTexts, int testTexts,
                         List<TextTraining.Epoch> headEpochs, List<TextTraining.Epoch> fineTuningEpochs,
                         double validationAccuracy, double testAccuracy, double seconds) {
    }

    TextClassifier(SameDiff graph, TextEncoderEntry entry, WordPieceTokenizer tokenizer, List<String> classes, Report report) {
        this.graph = graph;
        this.entry = entry;
        this.tokenizer = tokenizer;
        this.classes = List.copyOf(classes);
        this.report = report;
    }

    public List<String> classes() {
        return classes;
    }

    /** The run's report; null for a classifier loaded without one. */
    public Report report() {
        return report;
    }

    /** Class probabilities [texts][classes], in {@link #classes} order. */
    public double[][] probabilities(List<String> texts) {
        return probabilityArray(texts).toDoubleMatrix();
    }

    private INDArray probabilityArray(List<String> texts) {
        INDArray out = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, texts.size(), classes.size());
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<String> part = texts.subList(from, Math.min(texts.size(), from + BATCH));
            EncodedBatch b = tokenizer.encode(part, entry.maxLength());
            INDArray p = graph.output(placeholders(b), TextGraphs.PROBABILITIES).get(TextGraphs.PROBABILITIES);
            for (int i = 0; i < part.size(); i++) {
                out.putRow(from + i, p.getRow(i));
            }
        }
        return out;
    }

    /** Each text's classes, most probable first (at most 3). */
    public List<Prediction> predict(List<String> texts) {
        INDArray p = probabilityArray(texts);
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            List<Prediction.Score> scores = new ArrayList<>();
            for (int c = 0; c < classes.size(); c++) {
                scores.add(new Prediction.Score(classes.get(c), p.getDouble(i, c)));
            }
            scores.sort(Comparator.comparingDouble(Prediction.Score::probability).reversed());
            String t = texts.get(i);
            out.add(new Prediction(t.length() > 60 ? t.substring(0, 57) + "..." : t,
                    scores.subList(0, Math.min(3, scores.size())), null));
        }
        return out;
    }

    /** Accuracy and mean loss on labelled texts (their class names must be this classifier's). */
    public double[] score(TextExamples ex, int batchSize) {
        if (!ex.classes().equals(classes)) {
            throw new IllegalArgumentException("the texts' classes " + ex.classes() + " are not the classifier's " + classes);
        }
        double correct = 0;
        double loss = 0;
        for (int from = 0; from < ex.size(); from += batchSize) {
            List<Integer> rows = new ArrayList<>();
            for (int i = from; i < Math.min(ex.size(), from + batchSize); i++) {
                rows.add(i);
            }
            var mds = TextTransfer.tokenBatch(new TextEncoder(entry, graph, tokenizer), ex, rows, classes.size());
            java.util.Map<String, INDArray> in = new java.util.HashMap<>();
            for (int f = 0; f < mds.getFeatures().length; f++) {
                in.put(entry.inputs().get(f), mds.getFeatures(f));
            }
            double[] s = TextTransfer.score(graph, in, mds.getLabels(0));
            correct += s[0] * rows.size();
            loss += s[1] * rows.size();
        }
        return new double[] {correct / ex.size(), loss / ex.size()};
    }

    /** Writes the graph and the manifest into {@code dir} (each atomically); returns {@code dir}. */
    public Path save(Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writePath(dir.resolve(GRAPH_FILE), tmp -> graph.save(tmp.toFile(), false));
        AtomicFiles.writeString(dir.resolve(MANIFEST_FILE), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                new Manifest(entry.id(), classes, report)));
        return dir;
    }

    record Manifest(String encoder, List<String> classes, Report report) {
    }

    /** A classifier {@link #save} wrote; the tokenizer comes from the catalogue encoder it names. */
    public static TextClassifier load(Path dir) throws IOException {
        Path manifest = dir.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(dir.resolve(GRAPH_FILE))) {
            throw new IllegalArgumentException(dir.toAbsolutePath() + " holds no saved text classifier (" + MANIFEST_FILE
                    + " and " + GRAPH_FILE + ")");
        }
        Manifest m = Json.MAPPER.readValue(manifest.toFile(), Manifest.class);
        TextEncoderEntry e = Catalogue.builtIn().textEncoder(m.encoder());
        WordPieceTokenizer tok = WordPieceTokenizer.fromTokenizerJson(MavenJarSource.defaults().resolve(e).tokenizer());
        return new TextClassifier(SameDiff.load(dir.resolve(GRAPH_FILE).toFile(), false), e, tok, m.classes(), m.report());
    }

    private java.util.Map<String, INDArray> placeholders(EncodedBatch b) {
        return new TextEncoder(entry, graph, tokenizer).placeholders(b);
    }
}
