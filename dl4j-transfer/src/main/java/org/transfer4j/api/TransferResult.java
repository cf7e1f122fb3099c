package org.transfer4j.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.report.ModelExport;
import org.transfer4j.report.TrainingReport;
import org.transfer4j.report.TrainingReportWriter;

/**
 * A trained model (its best epoch) with its evaluation. {@link #save} writes {@code model/model.zip}
 * (with the preprocessing record inside), {@code model/model.manifest.json}, {@code report.md},
 * {@code report.json} and the charts.
 */
public final class TransferResult {
    static final String MODEL_PATH = "model/" + ModelExport.MODEL;

    private final Model network;
    private final TrainingReport report;
    private final ImagePreprocessing preprocessing;

    TransferResult(Model network, TrainingReport report, ImagePreprocessing preprocessing) {
        this.network = network;
        this.report = report;
        this.preprocessing = preprocessing;
    }

    /** The complete network with the best epoch's parameters (a ComputationGraph or a MultiLayerNetwork). */
    public Model network() {
        return network;
    }

    /** Everything the run measured: plan, data, per-epoch history, validation and test scores. */
    public TrainingReport report() {
        return report;
    }

    /** The preprocessing the model expects (from the base), as saved with it. */
    public ImagePreprocessing preprocessing() {
        return preprocessing;
    }

    private Predictor predictor;

    /**
     * Classifies images with this model, read as its training read them ({@link Predictor}). Made once: the
     * predictor holds an inference copy of the network (folded, {@code BatchNormFolding}), which costs a graph build.
     */
    public synchronized Predictor predictor() {
        if (predictor == null) {
            predictor = Predictor.of(network, preprocessing, report.classes());
        }
        return predictor;
    }

    public double validationAccuracy() {
        return report.validation() == null ? Double.NaN : report.validation().accuracy();
    }

    /** NaN when the data has no test split. */
    public double testAccuracy() {
        return report.test() == null ? Double.NaN : report.test().accuracy();
    }

    /** Writes the model, its manifest and the report into {@code dir}; returns {@code dir}. */
    public Path save(Path dir) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (report.validation() != null) {
            metrics.put("validationAccuracy", report.validation().accuracy());
            metrics.put("validationLoss", report.validation().loss());
        }
        if (report.test() != null) {
            metrics.put("testAccuracy", report.test().accuracy());
            metrics.put("testLoss", report.test().loss());
        }
        ModelExport.write(network, dir.resolve("model"), report.plan(), report.baseWeightsSha256(), report.classes(),
                preprocessing, metrics);
        TrainingReportWriter.writeAll(report, dir);
        return dir;
    }
}
