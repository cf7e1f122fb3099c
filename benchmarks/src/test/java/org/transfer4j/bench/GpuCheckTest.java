package org.transfer4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class GpuCheckTest {
    @Test
    void supportedAmpereGpuPasses() {
        GpuCheck.Result r = GpuCheck.check(GpuCheck.parse("NVIDIA A100-SXM4-40GB, 8.0, 535.104.05\n"), null);
        assertTrue(r.supported(), r.message());
        assertTrue(r.message().contains("NVIDIA A100-SXM4-40GB (compute capability 8.0, driver 535.104.05): supported"));
    }

    @Test
    void hopperIsRefusedWithTheSupportedRange() {
        GpuCheck.Result r = GpuCheck.check(GpuCheck.parse("NVIDIA H100 80GB HBM3, 9.0, 550.54.15"), null);
        assertFalse(r.supported());
        assertTrue(r.message().contains("compute capability 9.0") && r.message().contains("3.7 to 8.6"), r.message());
        assertTrue(r.message().contains("run the CPU build"), r.message());
    }

    @Test
    void oneSupportedGpuAmongSeveralIsEnough() {
        GpuCheck.Result r = GpuCheck.check(GpuCheck.parse("Tesla K20, 3.5, 470.1\nTesla T4, 7.5, 470.1"), null);
        assertTrue(r.supported());
        assertEquals(2, r.gpus().size());
        assertTrue(r.message().contains("Tesla K20 (compute capability 3.5, driver 470.1): NOT supported"), r.message());
    }

    @Test
    void unreadableCapabilityIsRefusedNotACrash() {
        GpuCheck.Result r = GpuCheck.check(GpuCheck.parse("NVIDIA A100 MIG 1g.5gb, [N/A], 535.1"), null);
        assertFalse(r.supported());
        assertTrue(r.message().contains("compute capability [N/A]"), r.message());
    }

    /** This machine (and CI's) has no GPU: the check must say so clearly rather than fail inside ND4J. */
    @Test
    void machineWithoutGpuGetsAClearMessage() {
        GpuCheck.Result r = GpuCheck.probe();
        assertFalse(r.supported());
        assertTrue(r.message().startsWith("No NVIDIA GPU found"), r.message());
        assertTrue(r.message().contains("compute capability 3.7 to 8.6") && r.message().contains("CUDA 11.6"), r.message());
        assertEquals(List.of(), r.gpus());
    }

    @Test
    void flopCountsAreWorkedOutPerOp() {
        assertEquals(2.0 * 2048 * 2048 * 2048, Flops.of("org.transfer4j.bench.GemmBenchmark.gemm",
                java.util.Map.of("shape", "2048x2048x2048")));
        ConvShape c = ConvShape.parse("8x64x56x56-64-k3s1");
        assertEquals(2.0 * 8 * 56 * 56 * 64 * 64 * 9, c.forwardFlops());
        assertEquals(112, ConvShape.parse("8x3x224x224-64-k7s2").outHeight());
    }
}
