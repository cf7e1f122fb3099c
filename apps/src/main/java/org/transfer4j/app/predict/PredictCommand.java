package org.transfer4j.app.predict;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.transfer4j.api.Prediction;
import org.transfer4j.api.Predictor;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;
import org.transfer4j.report.Csv;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code predict --model M IMAGES|DIR...}: the {@link Predictor} on image files and folders; a table on the terminal,
 * {@code predictions.csv} and {@code predictions.json} in {@code --out}. Files that are no usable image are listed with
 * their reason and do not stop the others.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Classify image files or folders with a saved model.")
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "A run directory written by finetune (or TransferResult.save),"
            + " its model/ folder or the model.zip.")
    Path model;

    @Parameters(arity = "1..*", paramLabel = "IMAGE|DIR", description = "Image files, or folders whose images (any depth) are classified.")
    List<Path> inputs;

    @Option(names = "--top", description = "Most probable classes shown per image (default: ${DEFAULT-VALUE}).")
    int top = 3;

    @Option(names = "--batch", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch = 32;

    @Option(names = "--out", description = "Directory for predictions.csv and predictions.json (default: ${DEFAULT-VALUE}).")
    Path out = Paths.get("transfer4j-out", "predict");

    @Override
    public Integer call() throws Exception {
        List<Path> files = ModelArguments.images(inputs); // every input checked before the model loads
        Predictor p = ModelArguments.load(model).topK(top).batchSize(batch);
        List<Prediction> got = p.predict(files);
        System.out.print(table(got));
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve("predictions.csv"), csv(got));
        AtomicFiles.writeString(out.resolve("predictions.json"), Json.write(got));
        long bad = got.stream().filter(g -> !g.ok()).count();
        System.out.printf("%d image(s) classified, %d not usable; written to %s%n", got.size() - bad, bad,
                out.resolve("predictions.csv").toAbsolutePath());
        return 0;
    }

    static String table(List<Prediction> got) {
        StringBuilder b = new StringBuilder(String.format("%-40s %-16s %8s  %s%n", "file", "label", "prob", "top classes"));
        for (Prediction g : got) {
            String name = g.source().length() > 40 ? "..." + g.source().substring(g.source().length() - 37) : g.source();
            if (g.ok()) {
                b.append(String.format("%-40s %-16s %8.4f  %s%n", name, g.label(), g.probability(), g.top().stream()
                        .map(s -> String.format("%s %.3f", s.label(), s.probability())).collect(Collectors.joining(", "))));
            } else {
                b.append(String.format("%-40s %-16s %8s  %s%n", name, "(not used)", "", g.error()));
            }
        }
        return b.toString();
    }

    static String csv(List<Prediction> got) {
        int k = got.stream().mapToInt(g -> g.top().size()).max().orElse(0);
        List<String> head = new ArrayList<>(List.of("file", "label", "probability"));
        for (int i = 2; i <= k; i++) {
            head.add("label_" + i);
            head.add("probability_" + i);
        }
        head.add("error");
        StringBuilder b = new StringBuilder(String.join(",", head)).append('\n');
        for (Prediction g : got) {
            List<String> row = new ArrayList<>(List.of(Csv.field(g.source())));
            for (int i = 0; i < k; i++) {
                boolean has = i < g.top().size();
                row.add(has ? Csv.field(g.top().get(i).label()) : "");
                row.add(has ? String.format(java.util.Locale.ROOT, "%.6f", g.top().get(i).probability()) : "");
            }
            row.add(Csv.field(g.error()));
            b.append(String.join(",", row)).append('\n');
        }
        return b.toString();
    }
}
