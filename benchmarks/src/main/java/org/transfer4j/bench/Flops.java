package org.transfer4j.bench;

import java.util.Map;

/**
 * Floating-point operation counts per benchmark invocation, worked out per op (a multiply-add is 2
 * FLOPs). Used to turn JMH's time per operation into GFLOP/s; benchmarks without a meaningful count
 * (data movement) return 0.
 */
public final class Flops {
    private Flops() {
    }

    /** "AxBxC" to {A, B, C}. */
    public static long[] dims(String s) {
        String[] p = s.split("x");
        long[] out = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Long.parseLong(p[i].trim());
        }
        return out;
    }

    /** FLOPs of one invocation of {@code benchmark} (JMH's "Class.method") with its parameters. */
    public static double of(String benchmark, Map<String, String> params) {
        String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
        cls = cls.substring(cls.lastIndexOf('.') + 1);
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        return switch (cls) {
            case "GemmBenchmark" -> {
                long[] d = dims(params.get("shape"));
                yield 2.0 * d[0] * d[1] * d[2];
            }
            case "Conv2dBenchmark" -> {
                double fwd = ConvShape.parse(params.get("shape")).forwardFlops();
                yield method.equals("forward") ? fwd : 3 * fwd; // backward: input and weight gradients
            }
            case "BatchNormBenchmark" -> 8.0 * elements(params.get("shape")); // normalise, scale, shift + stats
            case "PoolingBenchmark" -> elements(params.get("shape")); // one compare/add per input element
            case "SoftmaxBenchmark" -> 5.0 * elements(params.get("shape")); // max, sub, exp, sum, div
            case "ElementwiseBenchmark" -> elements(params.get("shape"));
            case "ModelBenchmark" -> {
                double fwd = ModelFlops.forwardPerExample(params.get("model")) * Integer.parseInt(params.get("batch"));
                yield method.equals("forward") ? fwd : 3 * fwd;
            }
            default -> 0;
        };
    }

    static double elements(String shape) {
        double n = 1;
        for (long d : dims(shape)) {
            n *= d;
        }
        return n;
    }
}
