package org.transfer4j.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which benchmarks, parameters, thread counts and iteration lengths each profile runs. */
final class Profiles {
    private Profiles() {
    }

    /** One JMH invocation: a class, a method regex, parameter values (comma-separated), thread counts. */
    record Group(String benchmarkClass, String methods, Map<String, String> params, int[] threads, int warmups,
                 int iterations, String iterationTime) {
    }

    private static Map<String, String> p(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Group> of(String profile) {
        return switch (profile) {
            case "quick" -> quick();
            case "full" -> full();
            default -> throw new IllegalArgumentException("--profile must be quick or full, got " + profile);
        };
    }

    /** About five minutes on 2 cores: one representative size per kernel, the targets' model runs. */
    static List<Group> quick() {
        int[] one = {1};
        return List.of(
                new Group("GemmBenchmark", "gemm", p("shape", "2048x2048x2048,392x512x2048,8x2048x1000"), one, 2, 3, "1s"),
                new Group("Conv2dBenchmark", "forward", p("shape", "8x256x14x14-256-k3s1", "helpers", "on,off"), one, 1, 3, "1s"),
                new Group("BatchNormBenchmark", "batchNorm", p("shape", "8x256x56x56"), one, 1, 3, "1s"),
                new Group("PoolingBenchmark", "maxPool", p("shape", "8x64x112x112"), one, 1, 3, "1s"),
                new Group("SoftmaxBenchmark", "softmax", p("shape", "256x1000"), one, 1, 3, "1s"),
                new Group("ElementwiseBenchmark", "(add|broadcastAdd)", p("shape", "8x256x56x56"), one, 1, 3, "1s"),
                new Group("ModelBenchmark", "trainStep", p("model", "resnet50", "batch", "8", "helpers", "on,off"), one, 1, 3, "2s"),
                new Group("ModelBenchmark", "forward", p("model", "vgg16", "batch", "1", "helpers", "on,off"), one, 1, 3, "2s"),
                new Group("ModelBenchmark", "trainStep", p("model", "lenet", "batch", "64", "helpers", "on"), one, 2, 3, "1s"));
    }

    /** Every size, 1 and 2 threads, longer iterations: about an hour on 2 cores. */
    static List<Group> full() {
        int[] both = {1, 2};
        return List.of(
                new Group("GemmBenchmark", "gemm", p(), both, 3, 5, "2s"),
                new Group("Conv2dBenchmark", "(forward|forwardBackward)", p(), both, 2, 5, "2s"),
                new Group("BatchNormBenchmark", "batchNorm", p(), both, 2, 5, "1s"),
                new Group("PoolingBenchmark", "(maxPool|avgPool)", p(), both, 2, 5, "1s"),
                new Group("SoftmaxBenchmark", "softmax", p(), both, 2, 5, "1s"),
                new Group("ElementwiseBenchmark", ".*", p(), both, 2, 5, "1s"),
                new Group("ModelBenchmark", "(forward|trainStep)", p("model", "resnet50,vgg16", "batch", "1,8,32"), both, 1, 3, "5s"),
                new Group("ModelBenchmark", "trainStep", p("model", "lenet", "batch", "64", "helpers", "on,off"), both, 2, 5, "2s"));
    }
}
