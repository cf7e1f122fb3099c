package org.transfer4j.zoo.onnx;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/** The repairs of {@link OnnxRepair} applied to the SameDiff graph ND4J's importer built: the silent ones. */
final class SameDiffRepairs {
    private SameDiffRepairs() {
    }

    /** Counts of ops changed, for the log and the tests. */
    record Counts(int matrixMultiplies, int reductions, int staleReferences) {
    }

    static Counts apply(SameDiff sd, Set<OnnxRepair> repairs) {
        int mmul = 0;
        int reduce = 0;
        for (DifferentialFunction f : sd.ops()) {
            if (f instanceof Mmul m && repairs.contains(OnnxRepair.MMUL_COEFFICIENTS)) {
                setCoefficients(m);
                mmul++;
            }
            if (f instanceof BaseReduceOp r && repairs.contains(OnnxRepair.REDUCE_DIMENSIONS)
                    && r.getDimensions() != null) {
                r.setDimensionz(Nd4j.createFromArray(r.getDimensions()));
                reduce++;
            }
        }
        int stale = repairs.contains(OnnxRepair.STALE_OP_REFERENCES) ? dropStaleReferences(sd) : 0;
        return new Counts(mmul, reduce, stale);
    }

    /** Removes, from every variable's list of ops it feeds, the names of ops the graph does not hold. */
    private static int dropStaleReferences(SameDiff sd) {
        int dropped = 0;
        for (Variable v : sd.getVariables().values()) {
            List<String> feeds = v.getInputsForOp();
            if (feeds != null) {
                List<String> kept = new ArrayList<>(feeds.size());
                for (String op : feeds) {
                    if (sd.getOps().containsKey(op)) {
                        kept.add(op);
                    }
                }
                if (kept.size() != feeds.size()) {
                    dropped += feeds.size() - kept.size();
                    v.setInputsForOp(kept);
                }
            }
        }
        return dropped;
    }

    /**
     * alpha 1, beta 0 in both places Mmul keeps them: its fields (read when the op is re-created, e.g. after
     * save and load) and its t-arguments (read by the native op). Mmul has no setter for either field.
     */
    private static void setCoefficients(Mmul m) {
        try {
            for (String[] fv : new String[][] {{"alpha", "1"}, {"beta", "0"}}) {
                Field f = Mmul.class.getDeclaredField(fv[0]);
                f.setAccessible(true);
                f.setDouble(m, Double.parseDouble(fv[1]));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ND4J's Mmul has no alpha/beta fields: this repair was written for"
                    + " 1.0.0-M2.1", e);
        }
        for (double t : m.tArgs()) {
            m.removeTArgument(t);
        }
        m.addTArgument(1.0, 0.0);
    }
}
