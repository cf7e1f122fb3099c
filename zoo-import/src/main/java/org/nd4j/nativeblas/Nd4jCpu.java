package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Compatibility shim, not part of ND4J. DL4J 1.0.0-M2.1's {@code BaseMKLDNNHelper} decides whether
 * its oneDNN layer helpers may run by loading {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by name
 * and calling {@code getInstance().isUseMKLDNN()}; ND4J M2.1 moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and renamed the method
 * {@code isUseONEDNN()}, so the lookup fails and the helpers never load. This class answers at the old
 * name from the new one (reflectively, so that the CUDA backend, which lacks the class, still loads).
 * See {@link org.transfer4j.zoo.runtime.CpuHelpers}.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** True when the loaded ND4J native library was built with oneDNN and has it switched on. */
        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object instance = env.getMethod("getInstance").invoke(null);
                Method use = env.getMethod("isUseONEDNN");
                return (Boolean) use.invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
