package org.transfer4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.transfer4j.plan.Base;
import org.transfer4j.common.Json;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.spark.LocalSpark;
import org.transfer4j.spark.SparkFeaturizer;
import org.transfer4j.transfer.BaseModel;

/**
 * Benchmark main: featurizing on Spark with {@code local[1]} against {@code local[2]} (one ND4J thread per
 * task), the real nsfwjs MobileNetV2 backbone (cut at its catalogue feature vertex) over {@code n}
 * synthetic 500x375 JPEGs (default 192), after an untimed warm-up, rounds (default 2) alternating. Prints JSON on stdout and a Markdown table on
 * stderr: seconds per run, the speed-up, the serial share it implies by Amdahl's law
 * ({@code f = 2/S - 1}) and what that share would give on more cores or machines (an estimate, not a
 * measurement: it ignores network and shared-filesystem costs). Spark is provided: run it with the
 * benchmarks module's classpath or {@code spark-submit}; on Java 17 with the {@code --add-opens} flags of the
 * README.
 */
public final class SparkFeaturizeBenchmark {
    private SparkFeaturizeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n;
        int rounds;
        try {
            n = args.length > 0 ? positive(args[0], "images") : 192;
            rounds = args.length > 1 ? positive(args[1], "rounds") : 2;
        } catch (IllegalArgumentException e) {
            System.err.println("spark-featurize-benchmark: " + e.getMessage() + "\nusage: SparkFeaturizeBenchmark [IMAGES] [ROUNDS]");
            System.exit(2);
            return;
        }
        if (!sparkCanRun("spark-featurize-benchmark")) {
            System.exit(2);
            return;
        }
        BaseModel bm = BaseModel.load(Base.catalogue("nsfwjs.mobilenetv2"), null, null, 1);
        ComputationGraph g = (ComputationGraph) bm.network();
        ImagePreprocessing pre = bm.preprocessing();
        Path root = PipelineThroughput.syntheticFolder(n);
        ImageFolder folder = ImageFolder.scan(root);
        Map<Integer, List<Double>> seconds = new LinkedHashMap<>();
        // Round 0 is an untimed warm-up (JIT, native libraries, the first network restore).
        for (int r = 0; r <= rounds; r++) {
            for (int cores : r == 0 ? List.of(2) : List.of(1, 2)) {
                Path out = Files.createTempDirectory("transfer4j-spark-bench");
                try (JavaSparkContext sc = LocalSpark.start(cores, "transfer4j-featurize-benchmark")) {
                    SparkFeaturizer.Result res = SparkFeaturizer.featurize(sc, g, bm.names().feature(), root, folder.samples(),
                            folder.classes(), pre, 16, cores, out.toUri().toString());
                    if (r > 0) {
                        seconds.computeIfAbsent(cores, k -> new ArrayList<>()).add(res.seconds());
                    }
                    System.err.printf("[bench] %s local[%d]: %.1f s for %d images%n", r == 0 ? "warm-up" : "round " + r, cores,
                            res.seconds(), res.examples());
                }
            }
        }
        double one = median(seconds.get(1));
        double two = median(seconds.get(2));
        double speedup = one / two;
        double serial = Math.max(0, Math.min(1, 2 / speedup - 1));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "SparkFeaturizeBenchmark");
        out.put("images", n);
        out.put("backbone", "nsfwjs.mobilenetv2 at " + bm.names().feature());
        out.put("secondsLocal1", seconds.get(1));
        out.put("secondsLocal2", seconds.get(2));
        out.put("speedupLocal2OverLocal1", speedup);
        out.put("serialShareAmdahl", serial);
        Map<String, Double> projected = new LinkedHashMap<>();
        for (int k : List.of(4, 8, 16, 32)) {
            projected.put(Integer.toString(k), 1 / (serial + (1 - serial) / k));
        }
        out.put("projectedSpeedupAmdahlEstimate", projected);
        out.put("peakResidentMiB", Machine.peakResidentMiB());
        System.out.println(Json.write(out));
        System.err.printf("| run | median s | speed-up |%n|---|---:|---:|%n| local[1] | %.1f | 1.00 |%n| local[2] | %.1f | %.2f |%n",
                one, two, speedup);
        System.err.printf("serial share (Amdahl, from the 2-core speed-up): %.2f; estimated speed-up on 4/8/16/32 workers: %s%n",
                serial, projected.values().stream().map(v -> String.format("%.1f", v)).toList());
    }

    /** Whether java.base is open to Spark (Java 17+); if not, says on stderr, as {@code name}, how to start the JVM. */
    static boolean sparkCanRun(String name) {
        if (Object.class.getModule().isOpen("java.nio", SparkFeaturizeBenchmark.class.getModule())) {
            return true;
        }
        System.err.println(name + ": Spark needs java.base opened on Java 17+: start the JVM with the"
                + " --add-opens flags listed in the README (section \"Featurizing on Apache Spark\")");
        return false;
    }

    static int positive(String v, String what) {
        try {
            int x = Integer.parseInt(v.trim());
            if (x >= 1) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a whole number of at least 1, got " + v);
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
