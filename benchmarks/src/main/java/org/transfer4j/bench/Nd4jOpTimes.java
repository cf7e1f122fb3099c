package org.transfer4j.bench;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.transfer4j.common.Json;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * Profile main: where one of {@link WorkloadBenchmark}'s workloads spends a step per ND4J op (oneDNN's primitives
 * run inside ops such as {@code conv2d} or {@code batchnorm_bp}; what an op spends beyond its primitives, and the
 * ops that call no primitive at all, show here and not in {@link WorkloadProfile}'s oneDNN log). Runs the
 * workload with ND4J's op profiler on after two warm-ups and prints JSON on stdout: per op, calls and
 * milliseconds per step. The profiler times each op call (GEMMs through BLAS and reductions are not listed); its
 * own overhead makes the wall time longer than a plain step. Arguments as WorkloadProfile's.
 */
public final class Nd4jOpTimes {
    /** {@code CustomOp batchnorm_bp (123)  >>>  156 calls; Min: 563720 ns; Max: ...; Average: 9273445 ns; ...}. */
    static final Pattern LINE = Pattern.compile("^(\\w+) (\\S+) \\(-?\\d+\\)\\s+>>>\\s+(\\d+) calls;.*Average: (\\d+) ns.*$");

    private Nd4jOpTimes() {
    }

    record Op(String kind, String name, double callsPerStep, double msPerStep) {
    }

    public static void main(String[] args) throws Exception {
        WorkloadBenchmark.Workload w;
        int steps;
        try {
            w = WorkloadProfile.parse(args, 0);
            steps = WorkloadProfile.steps(args, 0);
        } catch (IllegalArgumentException e) {
            System.err.println("nd4j-op-times: " + e.getMessage());
            System.err.println("usage: Nd4jOpTimes MODEL training|forward [STEPS] [BATCH]");
            System.exit(2);
            return;
        }
        CpuHelpers.set(true);
        Model net = WorkloadBenchmark.build(w.model());
        Runnable op = WorkloadBenchmark.operation(w, net);
        op.run();
        op.run();
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.ALL);
        OpProfiler.getInstance().reset();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            op.run();
        }
        double wall = (System.nanoTime() - start) / 1e6 / steps;
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        List<Op> ops = parse(longCallStatistics(), steps);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "Nd4jOpTimes");
        out.put("workload", w);
        out.put("steps", steps);
        out.put("wallMsPerStepWithProfiler", wall);
        out.put("ops", ops);
        System.out.println(Json.write(out));
    }

    /** Per op, from the profiler's "long op calls" table: calls and total milliseconds per step, the slowest first. */
    static List<Op> parse(String table, int steps) {
        List<Op> ops = new ArrayList<>();
        for (String line : table.split("\n")) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                long calls = Long.parseLong(m.group(3));
                double avgNs = Double.parseDouble(m.group(4));
                ops.add(new Op(m.group(1), m.group(2), (double) calls / steps, calls * avgNs / 1e6 / steps));
            }
        }
        ops.sort(Comparator.comparingDouble(Op::msPerStep).reversed());
        return ops;
    }

    /** ND4J keeps the per-op timings in a private aggregator that it only prints; read it as text. */
    private static String longCallStatistics() throws ReflectiveOperationException {
        Field f = OpProfiler.class.getDeclaredField("longAggergator");
        f.setAccessible(true);
        Object aggregator = f.get(OpProfiler.getInstance());
        return (String) aggregator.getClass().getMethod("asString").invoke(aggregator);
    }
}
