package org.transfer4j.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decides, before ND4J's CUDA backend starts, whether this machine's GPUs can run it. ND4J 1.0.0-M2.1's
 * CUDA 11.6 kernels are compiled for compute capability 3.7 to 8.6; a newer GPU (Hopper, 9.0) fails deep
 * inside the first kernel, so it is refused here with a message instead.
 */
public final class GpuCheck {
    public static final double MIN_CAPABILITY = 3.7;
    public static final double MAX_CAPABILITY = 8.6;

    /** One GPU as nvidia-smi reports it. */
    public record Gpu(String name, String computeCapability, String driver) {
        /** NaN when nvidia-smi printed no number ("[N/A]" on old drivers or MIG slices). */
        double capability() {
            try {
                return Double.parseDouble(computeCapability.trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }

    /** The verdict and a message for people. */
    public record Result(boolean supported, String message, List<Gpu> gpus) {
    }

    private GpuCheck() {
    }

    /** Parses {@code nvidia-smi --query-gpu=name,compute_cap,driver_version --format=csv,noheader}. */
    public static List<Gpu> parse(String csv) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            String[] f = line.split(",");
            if (f.length >= 3) {
                gpus.add(new Gpu(f[0].trim(), f[1].trim(), f[2].trim()));
            }
        }
        return gpus;
    }

    /** The verdict for these GPUs ({@code smiError}: why nvidia-smi gave nothing, or null). */
    public static Result check(List<Gpu> gpus, String smiError) {
        if (gpus.isEmpty()) {
            return new Result(false, "No NVIDIA GPU found (" + (smiError == null ? "nvidia-smi listed none" : smiError)
                    + "). The cuda build of transfer4j needs an NVIDIA GPU of compute capability " + MIN_CAPABILITY
                    + " to " + MAX_CAPABILITY + ", its driver, and CUDA 11.6 cuBLAS/cuSOLVER (toolkit, or the "
                    + "org.bytedeco:cuda redist jar). Use the default CPU build on this machine.", gpus);
        }
        List<String> lines = new ArrayList<>();
        boolean ok = false;
        for (Gpu g : gpus) {
            double cc = g.capability();
            boolean fits = cc >= MIN_CAPABILITY && cc <= MAX_CAPABILITY; // false for NaN
            ok |= fits;
            lines.add(g.name() + " (compute capability " + g.computeCapability() + ", driver " + g.driver() + "): "
                    + (fits ? "supported" : "NOT supported: ND4J 1.0.0-M2.1's CUDA 11.6 kernels cover " + MIN_CAPABILITY
                    + " to " + MAX_CAPABILITY));
        }
        String msg = String.join("\n", lines) + (ok ? "" : "\nNo usable GPU: run the CPU build instead (it needs no GPU).");
        return new Result(ok, msg, gpus);
    }

    /** Asks nvidia-smi on this machine. */
    public static Result probe() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,compute_cap,driver_version",
                    "--format=csv,noheader").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return check(List.of(), "nvidia-smi failed: " + out.trim());
            }
            return check(parse(out), null);
        } catch (IOException e) {
            return check(List.of(), "nvidia-smi is not installed or not on PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return check(List.of(), "interrupted");
        }
    }

    /** True when ND4J's CUDA backend is on the classpath (checked without starting ND4J). */
    public static boolean cudaBackendPresent() {
        try {
            Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, GpuCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
