package org.transfer4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

/**
 * The CPU the results were measured on and its FP32 peak per core: GHz (as /proc/cpuinfo reports it,
 * the base clock in most VMs) x FLOPs per cycle. Intel Xeon cores with AVX-512 retire two 16-lane FMAs
 * per cycle (64 FLOPs/cycle); AMD Zen 2 to 4 and AVX2 cores two 8-lane FMAs (32; Zen 4 splits 512-bit
 * FMAs). Turbo clocks above the reported one make measured GFLOP/s exceed this estimate; pass
 * --peak-gflops-per-core where the real figure is known.
 */
public record Machine(String cpu, int cores, double mhz, int flopsPerCycle, double peakGflopsPerCore,
                      String peakSource, String backend) {

    static Machine detect(Double peakOverride) {
        String model = "unknown";
        double mhz = 0;
        String flags = "";
        try {
            List<String> lines = Files.readAllLines(Paths.get("/proc/cpuinfo"));
            for (String l : lines) {
                String v = l.contains(":") ? l.substring(l.indexOf(':') + 1).trim() : "";
                if (l.startsWith("model name") && model.equals("unknown")) {
                    model = v;
                } else if (l.startsWith("cpu MHz") && mhz == 0) {
                    mhz = Double.parseDouble(v);
                } else if (l.startsWith("flags") && flags.isEmpty()) {
                    flags = " " + v + " ";
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux or unreadable: peak stays unknown unless given
        }
        boolean intelServerAvx512 = flags.contains(" avx512f ") && model.contains("Xeon");
        int fpc = intelServerAvx512 ? 64
                : flags.contains(" fma ") && (flags.contains(" avx2 ") || flags.contains(" avx512f ")) ? 32
                : flags.contains(" avx ") ? 16 : 8;
        double peak = peakOverride != null ? peakOverride : mhz / 1000.0 * fpc;
        String source = peakOverride != null ? "--peak-gflops-per-core" : String.format("%.0f MHz x %d FLOPs/cycle", mhz, fpc);
        String backend = GpuCheck.cudaBackendPresent() ? "nd4j-cuda-11.6" : "nd4j-native (oneDNN/AVX2 build)";
        return new Machine(model, Runtime.getRuntime().availableProcessors(), mhz, fpc, peak, source, backend);
    }

    /** Peak resident set of this JVM in MiB (VmHWM from /proc/self/status), or -1 where there is none. */
    static long peakResidentMiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
