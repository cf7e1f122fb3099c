package org.transfer4j.app.sweep;

import org.transfer4j.app.finetune.RunSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.transfer4j.common.Progress;

/**
 * Synchronous successive halving (Jamieson and Talwalkar 2016; Li et al. 2018, Algorithm 1): every candidate
 * trains to the first rung, the best 1/eta of those that reached it go on to the next rung, and so on up to
 * the last epoch. A rung's trainings are independent, so a {@link Runner} may run them all at once (Spark
 * tasks); the decisions depend only on the validation curves, never on which machine or in what order they
 * finished, so a sweep run here and one run on a cluster end with the same leaderboard. A restarted driver
 * rebuilds every decision from the journal, and a candidate between rungs goes on from its checkpoint.
 */
public final class SynchronousHalving {
    /** Runs a rung's jobs and returns one result per job, in any order; a job's failure is a result, not a throw. */
    public interface Runner {
        /** Trains {@code jobs}, each candidate as {@code template} with its choices ({@link RunSpec#with}). */
        List<RungResult> run(RunSpec template, List<RungJob> jobs) throws IOException;
    }

    private final int firstRung;
    private final int eta;
    private final int maxEpochs;
    private final boolean pruning;

    public SynchronousHalving(int firstRung, int eta, int maxEpochs, boolean pruning) {
        new SuccessiveHalving(firstRung, eta); // the same limits as the asynchronous pruner, quoted the same way
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be >= 1, got " + maxEpochs);
        }
        this.firstRung = firstRung;
        this.eta = eta;
        this.maxEpochs = maxEpochs;
        this.pruning = pruning;
    }

    /** The epochs at which every candidate still in the race stops and is compared; the last is maxEpochs. */
    List<Integer> rungs() {
        List<Integer> out = new ArrayList<>();
        for (long r = firstRung; pruning && r < maxEpochs; r *= eta) {
            out.add((int) r);
        }
        out.add(maxEpochs);
        return out;
    }

    /**
     * Which of the candidates compared at a rung go on: the best ceil(n/eta) by validation accuracy at that rung
     * (ties: the lower index), or all of them when fewer than eta reached it, as in the asynchronous pruner.
     */
    static Set<Integer> keep(Map<Integer, Double> accuracyAtRung, int eta) {
        if (accuracyAtRung.size() < eta) {
            return new TreeSet<>(accuracyAtRung.keySet());
        }
        int n = (int) Math.ceil((double) accuracyAtRung.size() / eta);
        return accuracyAtRung.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Integer, Double> e) -> e.getValue()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(n).map(Map.Entry::getKey).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }

    /**
     * Runs {@code candidates} (index to sweep choices) through the rungs, journalling each as it ends (complete,
     * failed, or pruned with its best score so far); candidates already in the journal are not trained again.
     */
    public void run(Map<Integer, Map<String, Object>> candidates, RunSpec template, Journal journal, Runner runner,
                    Progress progress) throws IOException {
        Map<Integer, RungResult> last = new HashMap<>();
        Map<Integer, Double> seconds = new HashMap<>();
        Set<Integer> promoted = new TreeSet<>(candidates.keySet());
        for (int rung : rungs()) {
            List<RungJob> jobs = new ArrayList<>();
            for (int i : promoted) {
                if (journal.get(i) == null) {
                    jobs.add(RungJob.of(i, candidates.get(i), rung));
                }
            }
            if (!jobs.isEmpty()) {
                progress.log(String.format("rung at epoch %d: %d candidate(s) train", rung, jobs.size()));
            }
            // In any order: the journal is keyed by index and the decisions below go by index.
            List<RungResult> results = runner.run(template, jobs);
            if (results.size() != jobs.size()) {
                throw new IllegalStateException(jobs.size() + " jobs gave " + results.size() + " results");
            }
            for (RungResult r : results) {
                last.put(r.index(), r);
                seconds.merge(r.index(), r.seconds(), Double::sum);
                if (!r.paused()) {
                    journal.add(entry(r, candidates.get(r.index()), r.status(), r.stopReason(), seconds.get(r.index())));
                    progress.step();
                }
            }
            Map<Integer, Double> compared = new LinkedHashMap<>();
            for (int i : promoted) {
                List<Double> curve = journal.get(i) != null ? journal.get(i).validationByEpoch() : last.get(i).validationByEpoch();
                if (curve.size() >= rung) {
                    compared.put(i, curve.get(rung - 1));
                }
            }
            Set<Integer> kept = keep(compared, eta);
            for (int i : compared.keySet()) {
                if (!kept.contains(i) && journal.get(i) == null) {
                    RungResult r = last.get(i);
                    journal.add(entry(r, candidates.get(i), Journal.Entry.PRUNED, String.format(
                            "pruned at the rung at epoch %d (validation accuracy %s, not among the best 1/%d of %d)", rung,
                            compared.get(i), eta, compared.size()), seconds.get(i)));
                    progress.step();
                }
            }
            // Every kept candidate stays in the race, finished or not, so that a replay compares the same set.
            promoted = kept;
        }
    }

    private static Journal.Entry entry(RungResult r, Map<String, Object> params, String status, String stopReason, double seconds) {
        return new Journal.Entry(r.index(), params, status, r.score(), r.testAccuracy(), r.validationByEpoch(), stopReason,
                r.error(), seconds, "candidates/" + String.format("%03d", r.index()));
    }
}
