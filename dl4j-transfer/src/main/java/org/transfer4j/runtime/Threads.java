package org.transfer4j.runtime;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Thread policy for running several trainings side by side. On small CNNs ND4J gains almost nothing
 * from a second OpenMP thread (LeNet training: 1,496 images/s on one thread, 1,502 on two, measured on
 * a 2-core machine), while two trainings on one thread each reach about 1.8 times the throughput. So
 * when work is spread over worker threads, each native op should use one thread.
 */
public final class Threads {
    private Threads() {
    }

    /** Number of workers to use for {@code requested} (0 = one per core), never more than {@code tasks}. */
    public static int workers(int requested, int tasks) {
        int w = requested > 0 ? requested : Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(w, tasks));
    }

    /**
     * With more than one worker, limits ND4J's and OpenBLAS's per-op threads to one. The environment
     * variable OMP_NUM_THREADS=1 does this completely (oneDNN included) and is what transfer4j.sh sets;
     * this call is the fallback for runs from an IDE.
     *
     * @return restores the previous settings (call it when the workers are done)
     */
    public static Runnable oneNativeThreadPerWorker(int workers) {
        if (workers <= 1 || System.getenv("OMP_NUM_THREADS") != null) {
            return () -> { };
        }
        int nd4j = Nd4j.getEnvironment().maxThreads();
        int blas = Nd4j.factory().blas().getMaxThreads();
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        return () -> {
            Nd4j.getEnvironment().setMaxThreads(nd4j);
            Nd4j.factory().blas().setMaxThreads(blas);
        };
    }
}
