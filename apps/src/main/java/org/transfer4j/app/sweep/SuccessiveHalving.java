package org.transfer4j.app.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2018) on per-epoch validation accuracy. Rungs are at
 * epochs {@code minEpochs x eta^k}; a candidate reaching a rung goes on only if its accuracy is among the
 * best 1/eta of all accuracies recorded at that rung so far (itself included). With fewer than
 * {@code eta} records at a rung every candidate goes on. Candidates run one after another in index order,
 * so the decisions are deterministic and are rebuilt exactly from the journal after a restart.
 */
public final class SuccessiveHalving {
    private final int minEpochs;
    private final int eta;
    private final Map<Integer, List<Double>> rungs = new TreeMap<>();

    public SuccessiveHalving(int minEpochs, int eta) {
        if (minEpochs < 1 || eta < 2) {
            throw new IllegalArgumentException("minEpochs must be >= 1 and eta >= 2, got " + minEpochs + ", " + eta);
        }
        this.minEpochs = minEpochs;
        this.eta = eta;
    }

    boolean isRung(int epoch) {
        int r = minEpochs;
        while (r < epoch) {
            r *= eta;
        }
        return r == epoch;
    }

    /** Records {@code accuracy} at {@code epoch} (1-based) and says whether the candidate goes on. */
    public synchronized boolean continueAfter(int epoch, double accuracy) {
        if (!isRung(epoch)) {
            return true;
        }
        List<Double> at = rungs.computeIfAbsent(epoch, k -> new ArrayList<>());
        at.add(accuracy);
        if (at.size() < eta) {
            return true;
        }
        long better = at.stream().filter(a -> a > accuracy).count();
        int keep = (int) Math.ceil((double) at.size() / eta);
        return better < keep;
    }

    /** Replays a candidate's per-epoch accuracies (from the journal or a checkpoint) into the rungs. */
    public synchronized void replay(List<Double> validationByEpoch) {
        for (int e = 1; e <= validationByEpoch.size(); e++) {
            if (isRung(e)) {
                rungs.computeIfAbsent(e, k -> new ArrayList<>()).add(validationByEpoch.get(e - 1));
            }
        }
    }
}
