package org.transfer4j.zoo.runtime;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns DL4J's oneDNN layer helpers (convolution, pooling, batch norm, LRN) on for the CPU backend.
 * DL4J M2.1 disables them by default (system property {@value #DL4J_DISABLE_PROPERTY} defaults to
 * true) and, when enabled, fails to find them over a class that moved (see the shim
 * {@code org.nd4j.nativeblas.Nd4jCpu}). With the oneDNN native build of ND4J (the project's default)
 * they run the layers several times faster with matching results.
 *
 * <p>On by default: every transfer4j entry point that loads or builds a network (Keras and TF.js
 * import, the zoo, saved models, the typed API, transfer plans) calls {@link #ensureConfigured()} first,
 * because DL4J reads the property when a layer creates its helper and a user's own main would otherwise
 * get DL4J's slower built-in layers without a word. Opt out with {@code -D}{@value #OPT_OUT_PROPERTY}{@code
 * =false}, environment variable {@value #OPT_OUT_ENV}{@code =false}, or {@link #set}{@code (false)} before
 * loading (an explicit choice is never overridden).
 */
public final class CpuHelpers {
    public static final String DL4J_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    public static final String OPT_OUT_PROPERTY = "transfer4j.onednn";
    public static final String OPT_OUT_ENV = "TRANSFER4J_ONEDNN";

    private static volatile boolean configured;

    private CpuHelpers() {
    }

    /** {@link #configure()} once per JVM, unless the helpers were already configured or {@link #set}. */
    public static void ensureConfigured() {
        // Every entry point passes here first: the place to say once that malloc is untuned.
        MallocSettings.hintOnce();
        if (!configured) {
            synchronized (CpuHelpers.class) {
                if (!configured) {
                    configure();
                }
            }
        }
    }

    /** True once {@link #configure()} or {@link #set} has run in this JVM. */
    public static boolean configured() {
        return configured;
    }

    /** Applies the user's choice (default: helpers on); returns whether helpers are now enabled. */
    public static synchronized boolean configure() {
        String v = System.getProperty(OPT_OUT_PROPERTY, System.getenv(OPT_OUT_ENV));
        boolean wanted = v == null || !v.trim().equalsIgnoreCase("false");
        boolean on = set(wanted);
        boolean cpu = org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName().contains(".cpu.");
        String warning = missingOneDnn(cpu, wanted, cpu && available());
        if (warning != null) {
            org.slf4j.LoggerFactory.getLogger(CpuHelpers.class).warn(warning);
        }
        return on;
    }

    /**
     * The one WARN for a CPU backend without oneDNN (the plain {@code nd4j-native} jar, which is what a user gets who
     * adds ND4J without a classifier): nothing else tells them their convolutions run an order of magnitude slower.
     * Null when the helpers were switched off on purpose, on another backend, or when oneDNN is there.
     */
    static String missingOneDnn(boolean cpuBackend, boolean wanted, boolean available) {
        if (!cpuBackend || !wanted || available) {
            return null;
        }
        return "ND4J's CPU build has no oneDNN: DL4J's convolution, pooling and batch-norm layers run on its slower built-in"
                + " code (featurizing 600 images through MobileNetV2 at 96 px took 59 s against 5.1 s with oneDNN). Add the dependency org.nd4j:nd4j-native:" + "1.0.0-M2.1"
                + " with <classifier>linux-x86_64-onednn-avx2</classifier> (or -onednn-avx512 / -onednn for other CPUs) beside"
                + " nd4j-native, as the README's dependency snippet has it; set " + OPT_OUT_PROPERTY + "=false to silence this.";
    }

    /** Switches the helpers on or off for networks built after this call. */
    public static synchronized boolean set(boolean on) {
        configured = true;
        System.setProperty(DL4J_DISABLE_PROPERTY, Boolean.toString(!on));
        Nd4j.getEnvironment().allowHelpers(on);
        return on && available();
    }

    /** True when the loaded native build has oneDNN (false on CUDA or a plain CPU build). */
    public static boolean available() {
        return builtWithOneDnn() && org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN();
    }

    /**
     * Whether the native library's build information lists oneDNN. ND4J's {@code isUseONEDNN()} flag is only a switch
     * (true by default, also in the generic build without oneDNN), so the build information is what tells. Read by
     * reflection: {@code NativeOpsHolder} is in the backend's jars, not in nd4j-api. True when it cannot be read (no
     * warning on a backend that does not say).
     */
    static boolean builtWithOneDnn() {
        try {
            Class<?> holder = Class.forName("org.nd4j.nativeblas.NativeOpsHolder");
            Object instance = holder.getMethod("getInstance").invoke(null);
            Object ops = holder.getMethod("getDeviceNativeOps").invoke(instance);
            Object info = ops.getClass().getMethod("buildInfo").invoke(ops);
            return info == null || String.valueOf(info).contains("HAVE_ONEDNN");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return true;
        }
    }
}
