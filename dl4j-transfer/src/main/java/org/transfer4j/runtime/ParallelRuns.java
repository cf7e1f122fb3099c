package org.transfer4j.runtime;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Independent training runs on a pool of workers with one native thread each (see {@link Threads}),
 * the most expensive first so that the pool stays busy to the end; results come back in task order.
 * Each run is deterministic for its seed whatever the pool size, as long as each native op uses the
 * same number of threads.
 */
public final class ParallelRuns {
    private ParallelRuns() {
    }

    /** @param cost relative cost of each task (for the order only) */
    public static <T> List<T> run(List<Callable<T>> tasks, long[] cost, int parallel) throws InterruptedIOException {
        int workers = Threads.workers(parallel, tasks.size());
        Runnable restoreThreads = Threads.oneNativeThreadPerWorker(workers);
        List<Integer> order = new ArrayList<>(IntStream.range(0, tasks.size()).boxed().toList());
        order.sort(Comparator.comparingLong((Integer i) -> cost[i]).reversed());
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            Map<Integer, Future<T>> futures = new HashMap<>();
            for (int i : order) {
                futures.put(i, pool.submit(tasks.get(i)));
            }
            List<T> results = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                results.add(futures.get(i).get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("runs interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("a run failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
            restoreThreads.run();
        }
    }
}
