package org.transfer4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class OneDnnVerboseSummaryTest {
    static final String CONV = "dnnl_verbose,exec,cpu,convolution,brgconv:avx512_core,forward_inference,"
            + "src_f32::blocked:acdb:f0 wei_f32:p:blocked:Acdb32a:f0,,alg:convolution_direct,mb64_ic1oc20_ih28oh24,";
    static final String REORDER = "dnnl_verbose,exec,cpu,reorder,jit:uni,undef,src_f32::blocked:abcd:f0 dst_f32::blocked:acdb:f0,,,64x20x24x24,";

    @Test
    void sumsOnlyBetweenTheMarkersPerStepAndAsShareOfTheWallTime() {
        List<String> log = List.of(
                CONV + "100.0", // warm-up: outside the markers
                "dnnl_verbose,info,cpu,runtime:OpenMP",
                OneDnnVerboseSummary.START,
                REORDER + "1.0", CONV + "3.0", CONV + "5.0", CONV + "4.0", REORDER + "2.0",
                "[profile] step 1/2",
                "dnnl_verbose,exec,cpu,pooling_v2,jit:avx512_core,backward_data,src,,,mb64ic20,0.5",
                OneDnnVerboseSummary.END + "2,20.0",
                CONV + "50.0");
        OneDnnVerboseSummary.Summary s = OneDnnVerboseSummary.summarise(log);
        assertEquals(2, s.steps());
        assertEquals(20.0, s.wallMsPerStep());
        // (3 + 5 + 4 + 1 + 2 + 0.5) / 2 steps
        assertEquals(7.75, s.oneDnnMsPerStep(), 1e-12);
        OneDnnVerboseSummary.Row conv = s.byKind().get(0);
        assertEquals("convolution", conv.primitive());
        assertEquals("forward_inference", conv.propKind());
        assertEquals(1.5, conv.callsPerStep(), 1e-12);
        assertEquals(6.0, conv.msPerStep(), 1e-12);
        assertEquals(0.30, s.share(conv), 1e-12);
        assertEquals(List.of("convolution", "reorder", "pooling_v2"), s.byKind().stream().map(OneDnnVerboseSummary.Row::primitive).toList());
        // Reorders are told apart by their formats, other primitives by their problem.
        OneDnnVerboseSummary.Row reorder = s.byProblem().get(1);
        assertEquals("64x20x24x24 src_f32::blocked:abcd:f0 dst_f32::blocked:acdb:f0", reorder.problem());
        assertEquals(1.5, reorder.msPerStep(), 1e-12);
        assertEquals("mb64_ic1oc20_ih28oh24", s.byProblem().get(0).problem());
        String md = OneDnnVerboseSummary.markdown(s, 2);
        assertTrue(md.startsWith("2 steps, 20.0 ms per step (wall), 7.8 ms inside oneDNN primitives (39%)"), md);
        assertTrue(md.contains("| convolution | forward_inference | 1.5 | 6.00 | 30.0% |"), md);
        assertTrue(md.contains("| reorder | undef | `64x20x24x24 src_f32::blocked:abcd:f0 dst_f32::blocked:acdb:f0` | 1.0 | 1.50 | 7.5% |"), md);
        assertEquals(2, md.lines().filter(l -> l.contains("`")).count(), "only the top 2 problems: " + md);
    }

    @Test
    void pyTorchsOneDnnPrefixCountsToo() {
        // oneDNN 2.6 (PyTorch 1.13) writes onednn_verbose where ND4J's 2.x build writes dnnl_verbose.
        List<String> log = List.of(OneDnnVerboseSummary.START, "onednn" + CONV.substring("dnnl".length()) + "3.0",
                "onednn_verbose,exec,cpu,reorder,jit:uni,undef,src,,,64x20x12x12,1.0", OneDnnVerboseSummary.END + "1,10.0");
        OneDnnVerboseSummary.Summary s = OneDnnVerboseSummary.summarise(log);
        assertEquals(4.0, s.oneDnnMsPerStep(), 1e-12);
        assertEquals(List.of("convolution", "reorder"), s.byKind().stream().map(OneDnnVerboseSummary.Row::primitive).toList());
    }

    @Test
    void aLogWithoutTheEndMarkerIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneDnnVerboseSummary.summarise(List.of(OneDnnVerboseSummary.START, CONV + "1.0")));
        assertTrue(e.getMessage().contains("no end marker"), e.getMessage());
    }

    @Test
    void workloadArgumentsAreCheckedAndDefaulted() {
        WorkloadBenchmark.Workload w = WorkloadProfile.parse(new String[] {"mobilenetv2", "training"}, 0);
        assertEquals(new WorkloadBenchmark.Workload("mobilenetv2", true, 8, true), w);
        assertEquals(64, WorkloadProfile.parse(new String[] {"lenet", "training"}, 0).batch());
        assertEquals(1, WorkloadProfile.parse(new String[] {"vgg16", "forward"}, 0).batch());
        assertEquals(8, WorkloadProfile.parse(new String[] {"vgg16", "training"}, 0).batch());
        assertEquals(3, WorkloadProfile.parse(new String[] {"--run", "vgg16", "forward", "9", "3"}, 1).batch());
        assertEquals(5, WorkloadProfile.steps(new String[] {"lenet", "training"}, 0));
        assertEquals(1, WorkloadProfile.steps(new String[] {"lenet", "training", "1"}, 0));
        assertEquals(1, WorkloadProfile.parse(new String[] {"vgg16", "forward", "9"}, 0).batch());
        assertEquals(9, WorkloadProfile.steps(new String[] {"lenet", "training", "9"}, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkloadProfile.parse(new String[] {"alexnet", "training"}, 0))
                .getMessage().contains("got alexnet"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkloadProfile.parse(new String[] {"lenet", "train"}, 0))
                .getMessage().contains("got train"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkloadProfile.steps(new String[] {"lenet", "training", "0"}, 0))
                .getMessage().contains("steps must be a whole number of at least 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkloadProfile.parse(new String[] {"lenet"}, 0))
                .getMessage().contains("give a model"));
    }
}
