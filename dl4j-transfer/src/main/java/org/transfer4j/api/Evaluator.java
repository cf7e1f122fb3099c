package org.transfer4j.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.transfer4j.common.Sha256;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.SkippedFile;
import org.transfer4j.report.EvaluationReport;
import org.transfer4j.report.Provenance;

/** {@link Predictor#evaluate}: a labelled folder predicted and scored. */
final class Evaluator {
    private Evaluator() {
    }

    static EvaluationReport evaluate(Predictor p, Path root, String weights) throws IOException {
        ImageFolder folder = ImageFolder.scan(root); // names the folder when it is missing or has no class folders
        List<String> unknown = folder.classes().stream().filter(c -> !p.classes().contains(c)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("labelled folder " + root + " has class folder(s) " + unknown + " the model does"
                    + " not know; its classes are " + p.classes() + ": rename or remove those folders");
        }
        Provenance provenance = Provenance.of(fingerprint(folder), weights, null);
        List<Path> files = folder.samples().stream().map(s -> root.resolve(s.path())).toList();
        List<Prediction> predictions = p.predict(files);
        int n = p.classes().size();
        long[][] confusion = new long[n][n];
        List<EvaluationReport.Row> rows = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < files.size(); i++) {
            ImageFolder.Sample s = folder.samples().get(i);
            String truth = folder.classes().get(s.label());
            Prediction pr = predictions.get(i);
            if (!pr.ok()) {
                skipped.add(new SkippedFile(s.path(), pr.error()));
                continue;
            }
            confusion[p.classes().indexOf(truth)][p.classes().indexOf(pr.label())]++;
            correct += truth.equals(pr.label()) ? 1 : 0;
            rows.add(new EvaluationReport.Row(s.path(), truth, pr.label(), pr.probability()));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("labelled folder " + root + " has no usable image"
                    + (skipped.isEmpty() ? "" : ": " + org.transfer4j.train.BadFiles.list(skipped, 5)));
        }
        List<EvaluationReport.PerClass> perClass = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            long tp = confusion[c][c];
            long predicted = 0;
            long actual = 0;
            for (int k = 0; k < n; k++) {
                predicted += confusion[k][c];
                actual += confusion[c][k];
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = actual == 0 ? 0 : (double) tp / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new EvaluationReport.PerClass(p.classes().get(c), precision, recall, f1, (int) actual));
        }
        return new EvaluationReport(root.toString(), p.classes(), rows.size(), (double) correct / rows.size(), perClass,
                confusion, rows, skipped, provenance);
    }

    /** Relative path, size and modification time of every file. */
    private static String fingerprint(ImageFolder folder) throws IOException {
        StringBuilder b = new StringBuilder(String.join(",", folder.classes())).append('\n');
        for (ImageFolder.Sample s : folder.samples()) {
            Path f = folder.root().resolve(s.path());
            b.append(s.path()).append(' ').append(Files.size(f)).append(' ').append(Files.getLastModifiedTime(f).toMillis())
                    .append('\n');
        }
        return Sha256.of(b.toString().getBytes(StandardCharsets.UTF_8));
    }
}
