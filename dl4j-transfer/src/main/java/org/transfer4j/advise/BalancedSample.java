package org.transfer4j.advise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The advisor's probe sample: examples taken from a split and ordered so that every prefix is class-balanced. */
final class BalancedSample {
    private BalancedSample() {
    }

    /** Up to {@code n} examples from {@code batches}. */
    static DataSet take(Iterator<DataSet> batches, int n) {
        List<DataSet> parts = new ArrayList<>();
        int have = 0;
        while (batches.hasNext() && have < n) {
            DataSet b = batches.next();
            int k = Math.min(b.numExamples(), n - have);
            parts.add(k == b.numExamples() ? b : (DataSet) b.getRange(0, k));
            have += k;
        }
        if (parts.isEmpty()) {
            return new DataSet(Nd4j.empty(), Nd4j.empty());
        }
        return DataSet.merge(parts);
    }

    /**
     * The examples reordered so that every prefix is class-balanced: each class's examples in a seeded shuffled
     * order, then one of each class in turn. Nested prefixes are the probes' nested subsets.
     */
    static DataSet balancedOrder(DataSet d, long seed) {
        if (d.numExamples() == 0) {
            return d;
        }
        int[] order = balancedOrder(d.getLabels().argMax(1).toIntVector(), seed);
        long[] shape = d.getFeatures().shape();
        INDArray f = Nd4j.pullRows(d.getFeatures().reshape(d.numExamples(), -1), 1, order).reshape(shape);
        return new DataSet(f, Nd4j.pullRows(d.getLabels(), 1, order));
    }

    /** Indices, each class's in a seeded random order, interleaved one class after another. */
    static int[] balancedOrder(int[] labels, long seed) {
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        Random rng = new Random(seed);
        byClass.values().forEach(l -> Collections.shuffle(l, rng));
        int[] out = new int[labels.length];
        int k = 0;
        for (int round = 0; k < labels.length; round++) {
            for (List<Integer> l : byClass.values()) {
                if (round < l.size()) {
                    out[k++] = l.get(round);
                }
            }
        }
        return out;
    }
}
