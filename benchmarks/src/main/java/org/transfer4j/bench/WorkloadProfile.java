package org.transfer4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.transfer4j.common.Json;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * Profile main: where one of {@link WorkloadBenchmark}'s workloads spends a step inside oneDNN. Runs the
 * workload in a child JVM with {@code DNNL_VERBOSE=1} (oneDNN reads it once, at start) and
 * {@code OMP_NUM_THREADS=1} unless set, then prints {@link OneDnnVerboseSummary}'s table on stderr and
 * its JSON on stdout. What is not inside oneDNN (ND4J's own ops, Java, the kernel) is the rest of the
 * wall time; {@code perf record -g} on the same command shows it.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.transfer4j.bench.WorkloadProfile mobilenetv2 training 5</pre>
 *
 * Arguments: model (lenet, resnet50, vgg16, mobilenetv2, inceptionv3), training or forward, steps
 * (default 5), batch (default 64 for LeNet, 1 for VGG16's forward, 8 otherwise).
 */
public final class WorkloadProfile {
    private WorkloadProfile() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        WorkloadBenchmark.Workload w;
        int steps;
        try {
            if (args.length == 2 && args[0].equals("--summarise")) {
                // Another process's log (PyTorch's, by benchmarks/peer/profile.sh), summed the same way.
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("benchmark", "WorkloadProfile");
                out.put("log", args[1]);
                out.put("summary", OneDnnVerboseSummary.summarise(java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[1]))));
                System.out.println(Json.write(out));
                return;
            }
            if (args.length >= 1 && args[0].equals("--run")) {
                w = parse(args, 1);
                steps = steps(args, 1);
                run(w, steps);
                return;
            }
            w = parse(args, 0);
            steps = steps(args, 0);
        } catch (IllegalArgumentException e) {
            System.err.println("workload-profile: " + e.getMessage());
            System.err.println("usage: WorkloadProfile MODEL training|forward [STEPS] [BATCH]   or   WorkloadProfile --summarise LOG");
            System.exit(2);
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), WorkloadProfile.class.getName(), "--run"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("DNNL_VERBOSE", "1");
        pb.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                lines.add(line);
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            System.err.println("workload-profile: the profiled run failed (exit " + code + "); its messages are above");
            System.exit(1);
        }
        OneDnnVerboseSummary.Summary s = OneDnnVerboseSummary.summarise(lines);
        System.err.println(OneDnnVerboseSummary.markdown(s, 25));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "WorkloadProfile");
        out.put("workload", w);
        out.put("threads", pb.environment().get("OMP_NUM_THREADS"));
        out.put("summary", s);
        System.out.println(Json.write(out));
    }

    static WorkloadBenchmark.Workload parse(String[] args, int from) {
        if (args.length < from + 2) {
            throw new IllegalArgumentException("give a model and training or forward");
        }
        String model = args[from];
        if (!List.of("lenet", "resnet50", "vgg16", "mobilenetv2", "inceptionv3").contains(model)) {
            throw new IllegalArgumentException("model must be lenet, resnet50, vgg16, mobilenetv2 or inceptionv3, got " + model);
        }
        boolean training = switch (args[from + 1]) {
            case "training" -> true;
            case "forward" -> false;
            default -> throw new IllegalArgumentException("the second argument must be training or forward, got " + args[from + 1]);
        };
        int batch = args.length > from + 3 ? positive(args[from + 3], "batch")
                : model.equals("lenet") ? 64 : model.equals("vgg16") && !training ? 1 : 8;
        return new WorkloadBenchmark.Workload(model, training, batch, true);
    }

    static int steps(String[] args, int from) {
        return args.length > from + 2 ? positive(args[from + 2], "steps") : 5;
    }

    private static int positive(String v, String what) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a whole number of at least 1, got " + v);
    }

    private static void run(WorkloadBenchmark.Workload w, int steps) throws IOException {
        CpuHelpers.set(true);
        Model net = WorkloadBenchmark.build(w.model());
        Runnable op = WorkloadBenchmark.operation(w, net);
        op.run();
        op.run();
        System.out.println(OneDnnVerboseSummary.START);
        System.out.flush();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            op.run();
            System.err.printf("[profile] step %d/%d%n", i + 1, steps);
        }
        double ms = (System.nanoTime() - start) / 1e6 / steps;
        System.out.println(OneDnnVerboseSummary.END + steps + "," + ms);
        System.out.flush();
    }
}
