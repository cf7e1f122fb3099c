package org.transfer4j.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.transfer4j.common.Json;
import org.transfer4j.common.Sha256;
import org.transfer4j.common.Versions;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.data.image.PreprocessingRecord;
import org.transfer4j.plan.TransferPlan;

/**
 * The best network as {@code model.zip} (with its preprocessing record inside, so the zip alone is
 * enough to predict) and {@code model.manifest.json}: base and its weights' SHA-256, classes,
 * preprocessing, plan, metrics, library versions and the zip's own SHA-256.
 */
public final class ModelExport {
    public static final String MODEL = "model.zip";
    public static final String MANIFEST = "model.manifest.json";

    /** What {@value #MANIFEST} holds. */
    public record Manifest(String file, String sha256, String base, String baseWeightsSha256, List<String> classes,
                           ImagePreprocessing preprocessing, TransferPlan plan, Map<String, Double> metrics,
                           Map<String, String> versions, String createdAt) {
    }

    private ModelExport() {
    }

    public static Manifest write(Model net, Path dir, TransferPlan plan, String baseSha, List<String> classes,
                                 ImagePreprocessing pre, Map<String, Double> metrics) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        Path zip = dir.resolve(MODEL);
        // Without the updater: an exported model is for prediction or a new plan, not for resuming.
        org.transfer4j.common.AtomicFiles.writePath(zip, tmp -> {
            org.deeplearning4j.util.ModelSerializer.writeModel(net, tmp.toFile(), false);
            if (pre != null) {
                new PreprocessingRecord(pre, classes).attachTo(tmp);
            }
        });
        Manifest m = new Manifest(MODEL, Sha256.of(zip), plan.base() == null ? null : plan.base().toString(), baseSha,
                classes, pre, plan, metrics, Versions.all(), java.time.Instant.now().toString());
        Json.writeFile(dir.resolve(MANIFEST), m);
        return m;
    }

}
