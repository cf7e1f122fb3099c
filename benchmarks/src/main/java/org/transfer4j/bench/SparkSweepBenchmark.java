package org.transfer4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.transfer4j.app.sweep.SparkRungs;
import org.transfer4j.app.sweep.Sweep;
import org.transfer4j.app.sweep.SweepOptions;
import org.transfer4j.app.sweep.SweepReport;
import org.transfer4j.common.Json;
import org.transfer4j.spark.LocalSpark;

/**
 * Benchmark main: a sweep with synchronous rungs on Spark, {@code local[1]} against {@code local[2]} (one ND4J
 * thread per task; start the JVM with {@code OMP_NUM_THREADS=1}), {@code n} candidates (default 8) of the
 * study LeNet on Fashion-MNIST, 4 epochs with rungs at 1 and 2, after an untimed warm-up (which also fills the
 * featurize cache every timed run then reads), rounds (default 1) alternating. Prints JSON on stdout and a
 * Markdown table on stderr: wall seconds per run, the speed-up, the serial share it implies by Amdahl's law
 * ({@code f = 2/S - 1}), and two projections to more workers, both estimates rather than measurements: Amdahl's
 * from that share, and a schedule simulation that replays the {@code local[1]} run's measured task durations,
 * rung by rung, on N task slots (greedy, in candidate order) plus the run's time outside tasks (driver,
 * decisions, reports). Neither counts network or shared-filesystem costs.
 */
public final class SparkSweepBenchmark {
    private SparkSweepBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n;
        int rounds;
        try {
            n = args.length > 0 ? SparkFeaturizeBenchmark.positive(args[0], "candidates") : 8;
            rounds = args.length > 1 ? SparkFeaturizeBenchmark.positive(args[1], "rounds") : 1;
        } catch (IllegalArgumentException e) {
            System.err.println("spark-sweep-benchmark: " + e.getMessage() + "\nusage: SparkSweepBenchmark [CANDIDATES] [ROUNDS]");
            System.exit(2);
            return;
        }
        if (!SparkFeaturizeBenchmark.sparkCanRun("spark-sweep-benchmark")) {
            System.exit(2);
            return;
        }
        Map<Integer, List<Double>> seconds = new LinkedHashMap<>();
        Map<Integer, List<Double>> oneSlotTasks = null;
        double oneSlotWall = 0;
        String board = null;
        for (int r = 0; r <= rounds; r++) {
            for (int cores : r == 0 ? List.of(2) : List.of(1, 2)) {
                Run run = sweep(n, cores);
                if (board != null && !board.equals(run.board)) {
                    throw new IllegalStateException("local[" + cores + "] gave another leaderboard:\n" + run.board + "\nthan\n" + board);
                }
                board = run.board;
                if (r > 0) {
                    seconds.computeIfAbsent(cores, k -> new ArrayList<>()).add(run.wall);
                    if (cores == 1 && oneSlotTasks == null) {
                        oneSlotTasks = run.taskSecondsByStage;
                        oneSlotWall = run.wall;
                    }
                }
                System.err.printf("[bench] %s local[%d]: %.1f s for %d candidates%n", r == 0 ? "warm-up" : "round " + r, cores,
                        run.wall, n);
            }
        }
        double one = SparkFeaturizeBenchmark.median(seconds.get(1));
        double two = SparkFeaturizeBenchmark.median(seconds.get(2));
        double speedup = one / two;
        double serial = Math.max(0, Math.min(1, 2 / speedup - 1));
        Map<String, Double> amdahl = new LinkedHashMap<>();
        Map<String, Double> simulated = new LinkedHashMap<>();
        double outsideTasks = oneSlotWall - oneSlotTasks.values().stream().mapToDouble(SparkSweepBenchmark::sum).sum();
        for (int k : List.of(2, 4, 8, 16)) {
            amdahl.put(Integer.toString(k), 1 / (serial + (1 - serial) / k));
            simulated.put(Integer.toString(k), oneSlotWall / (outsideTasks + makespan(oneSlotTasks, k)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "SparkSweepBenchmark");
        out.put("candidates", n);
        out.put("sweep", "study LeNet on Fashion-MNIST, 4 epochs, synchronous rungs at 1 and 2, eta 2");
        out.put("secondsLocal1", seconds.get(1));
        out.put("secondsLocal2", seconds.get(2));
        out.put("speedupLocal2OverLocal1", speedup);
        out.put("serialShareAmdahl", serial);
        out.put("projectedSpeedupAmdahlEstimate", amdahl);
        out.put("taskSecondsByRungLocal1", oneSlotTasks.values());
        out.put("secondsOutsideTasksLocal1", outsideTasks);
        out.put("projectedSpeedupScheduleSimulation", simulated);
        out.put("peakResidentMiB", Machine.peakResidentMiB());
        System.out.println(Json.write(out));
        System.err.printf("| run | median s | speed-up |%n|---|---:|---:|%n| local[1] | %.1f | 1.00 |%n| local[2] | %.1f | %.2f |%n",
                one, two, speedup);
        System.err.printf("serial share (Amdahl, from the 2-slot speed-up): %.2f; estimated speed-up on 2/4/8/16 slots:"
                + " Amdahl %s, schedule simulation %s%n", serial, fmt(amdahl), fmt(simulated));
    }

    private record Run(double wall, String board, Map<Integer, List<Double>> taskSecondsByStage) {
    }

    private static Run sweep(int n, int cores) throws IOException {
        Path dir = Files.createTempDirectory("transfer4j-sweep-bench");
        SweepOptions o = new SweepOptions();
        new picocli.CommandLine(o).parseArgs("--base", "architecture:StudyLeNet", "--k", "60", "--validation-per-class", "20",
                "--test-limit", "300", "--epochs", "4", "--patience", "4", "--rung-epochs", "1", "--candidates",
                Integer.toString(n), "--sweep-seed", "3", "--rungs", "SYNC", "--no-progress", "--out", dir.toString());
        Map<Integer, TreeMap<Integer, Double>> tasks = new TreeMap<>(); // stage -> task index -> seconds
        try (JavaSparkContext sc = LocalSpark.start(cores, "transfer4j-sweep-benchmark")) {
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd e) {
                    synchronized (tasks) {
                        tasks.computeIfAbsent(e.stageId(), k -> new TreeMap<>()).put(e.taskInfo().index(), e.taskInfo().duration() / 1e3);
                    }
                }
            });
            long t0 = System.nanoTime();
            SweepReport r = Sweep.run(o, new SparkRungs(sc, dir.toUri().toString()));
            double wall = (System.nanoTime() - t0) / 1e9;
            String board = String.join("\n", r.leaderboard().stream()
                    .map(e -> e.index() + " " + e.status() + " " + e.score() + " " + e.validationByEpoch()).toList());
            synchronized (tasks) {
                Map<Integer, List<Double>> inOrder = new TreeMap<>();
                tasks.forEach((stage, byIndex) -> inOrder.put(stage, new ArrayList<>(byIndex.values())));
                return new Run(wall, board, inOrder);
            }
        }
    }

    /** Each rung's tasks (in candidate order) to whichever of {@code slots} frees first; rungs one after another. */
    static double makespan(Map<Integer, List<Double>> rungs, int slots) {
        double total = 0;
        for (List<Double> tasks : rungs.values()) {
            double[] free = new double[slots];
            for (double t : tasks) {
                int s = 0;
                for (int i = 1; i < slots; i++) {
                    if (free[i] < free[s]) {
                        s = i;
                    }
                }
                free[s] += t;
            }
            double end = 0;
            for (double f : free) {
                end = Math.max(end, f);
            }
            total += end;
        }
        return total;
    }

    private static double sum(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).sum();
    }

    private static List<String> fmt(Map<String, Double> m) {
        return m.values().stream().map(v -> String.format("%.1f", v)).toList();
    }
}
