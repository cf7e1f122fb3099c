package org.transfer4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import org.transfer4j.common.Json;
import org.transfer4j.common.Versions;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a benchmark profile and writes {@code results.json} and {@code results.md}: time per operation,
 * GFLOP/s and the share of this machine's FP32 peak, images/s for models, and the helpers-on/off
 * speed-ups, with backend, device, thread count and versions recorded in every result.
 *
 * <p>Each thread count runs JMH in its own child JVM with {@code OMP_NUM_THREADS} set, because ND4J,
 * OpenBLAS and oneDNN read it once at start-up and it cannot be changed from inside a running JVM.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        description = "JMH benchmarks of ND4J kernels and DL4J models; writes results.json and results.md.")
public final class BenchmarkMain implements Callable<Integer> {
    @Option(names = "--profile", description = "quick (about 5 minutes) or full (default: ${DEFAULT-VALUE}).")
    String profile = "quick";

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path output = Paths.get("benchmarks-out");

    @Option(names = "--include", description = "Only benchmarks whose class name matches this regex.")
    String include;

    @Option(names = "--peak-gflops-per-core", description = "FP32 peak of one core; default: from /proc/cpuinfo (see results.md).")
    Double peakPerCore;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkMain()).execute(args));
    }

    /** For the benchmark classes' IDE mains: the quick settings, that class only. */
    static void runFromIde(Class<?> benchmark, String[] args) {
        String[] all = new String[args.length + 2];
        all[0] = "--include";
        all[1] = benchmark.getSimpleName();
        System.arraycopy(args, 0, all, 2, args.length);
        main(all);
    }

    @Override
    public Integer call() throws Exception {
        if (GpuCheck.cudaBackendPresent()) {
            GpuCheck.Result gpu = GpuCheck.probe();
            System.err.println(gpu.message());
            if (!gpu.supported()) {
                return 3;
            }
        }
        List<Profiles.Group> groups = Profiles.of(profile).stream()
                .filter(g -> include == null || g.benchmarkClass().matches(".*" + include + ".*")).toList();
        if (groups.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "no benchmark matches --include " + include);
        }
        Files.createDirectories(output);
        Machine machine = Machine.detect(peakPerCore);
        List<Map<String, Object>> results = new ArrayList<>();
        int n = 0;
        for (Profiles.Group g : groups) {
            for (int threads : g.threads()) {
                System.err.printf("[%d/%d] %s, %d thread(s)%n", ++n, groups.stream().mapToInt(x -> x.threads().length).sum(),
                        g.benchmarkClass(), threads);
                for (JsonNode r : runJmh(g, threads)) {
                    results.add(Results.row(r, threads, machine));
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("profile", profile);
        doc.put("machine", machine);
        doc.put("versions", Versions.all());
        doc.put("results", results);
        doc.put("speedups", Results.helperSpeedups(results));
        Json.writeFile(output.resolve("results.json"), doc);
        org.transfer4j.common.AtomicFiles.writeString(output.resolve("results.md"), Results.markdown(doc, machine));
        System.out.println(Files.readString(output.resolve("results.md")));
        return 0;
    }

    private List<JsonNode> runJmh(Profiles.Group g, int threads) throws IOException, InterruptedException {
        Path json = Files.createTempFile(output, "jmh-", ".json");
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.openjdk.jmh.Main",
                "org.transfer4j.bench." + g.benchmarkClass() + "." + g.methods(), "-f", "1",
                "-wi", Integer.toString(g.warmups()), "-w", g.iterationTime(), "-i", Integer.toString(g.iterations()),
                "-r", g.iterationTime(), "-rf", "json", "-rff", json.toString(), "-jvmArgsAppend", "-Xmx6g"));
        g.params().forEach((k, v) -> {
            cmd.add("-p");
            cmd.add(k + "=" + v);
        });
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new IOException("JMH failed (exit " + rc + ") for " + g.benchmarkClass() + "; see its output above");
        }
        List<JsonNode> rows = new ArrayList<>();
        Json.MAPPER.readTree(json.toFile()).forEach(rows::add);
        Files.deleteIfExists(json);
        return rows;
    }
}
