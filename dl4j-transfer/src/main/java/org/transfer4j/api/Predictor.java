package org.transfer4j.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.api.Model;
import org.transfer4j.transfer.BatchNormFolding;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.data.image.BadImageException;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImageNormalizer;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.data.image.ImageSource;
import org.transfer4j.data.image.PreprocessingRecord;
import org.transfer4j.data.image.SeededImageRecordReader;
import org.transfer4j.report.EvaluationReport;
import org.transfer4j.report.ModelExport;
import org.transfer4j.train.Nets;
import org.transfer4j.zoo.SavedModels;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * Classifies images with a trained model, reading them exactly as its training did: the saved input size, channel
 * order, normalisation and layout (NCHW or NHWC), and its class names.
 *
 * <pre>{@code
 * Predictor p = Predictor.load(Path.of("runs/photos"));          // a saved run, its model/ folder or model.zip
 * Prediction one = p.predict(Path.of("cat.jpg"));                 // one.label(), one.probability(), one.top()
 * List<Prediction> all = p.predictFolder(Path.of("inbox"));       // every image under the folder, bad files included
 * EvaluationReport e = p.evaluate(Path.of("labelled"));           // a labelled folder: accuracy, per class, confusion
 * }</pre>
 *
 * Images go through in batches ({@link #batchSize}); an image that cannot be used comes back as a prediction with its
 * reason and never stops the others. Not thread-safe: one predictor per thread (they can share nothing but the file).
 */
public final class Predictor {
    static final int DEFAULT_TOP_K = 3;
    static final int DEFAULT_BATCH = 32;

    private final Model network;
    private final ImagePreprocessing preprocessing;
    private final List<String> classes;
    private final String weights;
    private final int topK;
    private final int batchSize;

    private Predictor(Model network, ImagePreprocessing preprocessing, List<String> classes, String weights, int topK,
                      int batchSize) {
        this.network = network;
        this.preprocessing = preprocessing;
        this.classes = List.copyOf(classes);
        this.weights = weights;
        this.topK = topK;
        this.batchSize = batchSize;
    }

    /** A trained network in memory (what {@link TransferResult#predictor()} hands out). */
    static Predictor of(Model network, ImagePreprocessing preprocessing, List<String> classes) {
        return new Predictor(BatchNormFolding.forInference(network), preprocessing, classes, null, DEFAULT_TOP_K, DEFAULT_BATCH);
    }

    /**
     * The model saved by {@link TransferResult#save}: {@code path} is the run directory, its {@code model/} folder or the
     * {@code model.zip} itself (the zip carries the preprocessing and class names).
     */
    public static Predictor load(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("a model path is required: a run directory, its model/ folder or model.zip");
        }
        Path zip = modelZip(path);
        PreprocessingRecord record = PreprocessingRecord.readFrom(zip);
        if (record.classes() == null || record.classes().isEmpty()) {
            throw new IOException(zip + " names no classes in its preprocessing record; save it with TransferResult.save");
        }
        CpuHelpers.ensureConfigured();
        Model net = BatchNormFolding.forInference(SavedModels.load(zip, false));
        return new Predictor(net, record.preprocessing(), record.classes(), org.transfer4j.common.Sha256.of(zip),
                DEFAULT_TOP_K, DEFAULT_BATCH);
    }

    static Path modelZip(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return path;
        }
        for (Path candidate : List.of(path.resolve("model").resolve(ModelExport.MODEL), path.resolve(ModelExport.MODEL))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new java.nio.file.NoSuchFileException(path.toString(), null, Files.isDirectory(path)
                ? "no model/" + ModelExport.MODEL + " or " + ModelExport.MODEL + " in this folder; pass a run directory written"
                + " by TransferResult.save, its model/ folder or the model.zip"
                : "no such model; pass a run directory written by TransferResult.save, its model/ folder or the model.zip");
    }

    /** This predictor returning the {@code k} most probable classes per image (default 3). */
    public Predictor topK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("topK must be >= 1, got " + k);
        }
        return new Predictor(network, preprocessing, classes, weights, Math.min(k, classes.size()), batchSize);
    }

    /** This predictor running {@code n} images per forward pass (default 32). */
    public Predictor batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + n);
        }
        return new Predictor(network, preprocessing, classes, weights, topK, n);
    }

    /** The class names, in the order of the network's outputs. */
    public List<String> classes() {
        return classes;
    }

    /** How images are read for this model (size, channels, normalisation, layout). */
    public ImagePreprocessing preprocessing() {
        return preprocessing;
    }

    /** One image file; an error naming the file and the reason when it is no usable image. */
    public Prediction predict(Path image) throws IOException {
        Prediction p = predict(List.of(image)).get(0);
        if (!p.ok()) {
            throw new BadImageException(p.source(), p.error());
        }
        return p;
    }

    /** Image files, in their order; one that cannot be used comes back with its reason. */
    public List<Prediction> predict(List<Path> images) {
        return run(ImageSource.files(images));
    }

    /** Every image file under {@code dir} (any depth, sorted, hidden files left out). */
    public List<Prediction> predictFolder(Path dir) throws IOException {
        return predict(ImageFolder.imageFiles(dir));
    }

    /** An image in memory, read as the same picture saved as PNG would be. */
    public Prediction predict(BufferedImage image) throws IOException {
        Prediction p = predictImages(Arrays.asList(image)).get(0);
        if (!p.ok()) {
            throw new BadImageException(p.source(), p.error());
        }
        return p;
    }

    /** Images in memory, named {@code image 0}, {@code image 1}, ... in the predictions. */
    public List<Prediction> predictImages(List<BufferedImage> images) {
        return run(ImageSource.images(images, IntStream.range(0, images.size()).mapToObj(i -> "image " + i).toList()));
    }

    /**
     * Scores the model on a labelled folder ({@code root/<class>/<image>}, class folders named as the model's classes;
     * a subset is fine): accuracy, per-class precision and recall, the confusion matrix and every prediction, as a report.
     */
    public EvaluationReport evaluate(Path labelledFolder) throws IOException {
        return Evaluator.evaluate(this, labelledFolder, weights);
    }

    /** Probabilities for every image of {@code source}: rows in source order, null for an image that could not be used. */
    List<Prediction> run(ImageSource source) {
        Prediction[] out = new Prediction[source.size()];
        ImageBatches.read(source, preprocessing, batchSize, (from, x, good, errors) -> {
            for (int k = 0; k < errors.length; k++) {
                if (errors[k] != null) {
                    out[from + k] = new Prediction(source.name(from + k), List.of(), errors[k]);
                }
            }
            if (x != null) {
                INDArray probs = Nets.output(network, x);
                for (int r = 0; r < good.length; r++) {
                    out[good[r]] = new Prediction(source.name(good[r]), top(probs.getRow(r).toDoubleVector()), null);
                }
            }
        });
        return Arrays.asList(out);
    }

    private List<Prediction.Score> top(double[] p) {
        if (p.length != classes.size()) {
            throw new IllegalStateException("the network gives " + p.length + " outputs for " + classes.size() + " classes "
                    + classes);
        }
        return IntStream.range(0, p.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -p[i]).thenComparing(i -> i))
                .limit(topK).map(i -> new Prediction.Score(classes.get(i), p[i])).toList();
    }
}
