package org.transfer4j.zoo;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Repairs a DL4J 1.0.0-M2.1 defect: {@code MergeVertex.clone()} returns {@code new MergeVertex()}, whose
 * merge axis is the default (1, channels first). Every {@code ComputationGraphConfiguration.clone()}
 * (TransferLearning's builders, rebuilding a graph) therefore breaks channels-last graphs with a Keras
 * {@code Concatenate} (InceptionV3: "CONCAT op: all input arrays must have the same dimensions"). The
 * axes are copied back by vertex name from the configuration the clone was made from.
 */
public final class MergeAxes {
    private MergeAxes() {
    }

    /** A clone of {@code conf} whose merge vertices keep their axes. */
    public static ComputationGraphConfiguration cloneOf(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration c = conf.clone();
        restore(conf, c);
        return c;
    }

    /** Sets every merge vertex of {@code to} to the axis of the same-named vertex of {@code from}; returns how many changed. */
    public static int restore(ComputationGraphConfiguration from, ComputationGraphConfiguration to) {
        int changed = 0;
        for (Map.Entry<String, GraphVertex> e : to.getVertices().entrySet()) {
            MergeVertex target = merge(e.getValue());
            MergeVertex source = merge(from.getVertices().get(e.getKey()));
            if (target != null && source != null && target.getMergeAxis() != source.getMergeAxis()) {
                target.setMergeAxis(source.getMergeAxis());
                changed++;
            }
        }
        return changed;
    }

    /**
     * Repairs {@code built}, made from a clone of {@code source}'s configuration, in place: its
     * configuration's merge vertices and its runtime merge vertices (which took their axis when the graph
     * was built, and keep it in a private field) get {@code source}'s axes. Returns {@code built}.
     */
    public static ComputationGraph repair(ComputationGraph source, ComputationGraph built) {
        restore(source.getConfiguration(), built.getConfiguration());
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex w : built.getVertices()) {
            org.deeplearning4j.nn.graph.vertex.GraphVertex v = unwrapRuntime(w);
            if (v instanceof org.deeplearning4j.nn.graph.vertex.impl.MergeVertex runtime) {
                MergeVertex conf = merge(source.getConfiguration().getVertices().get(v.getVertexName()));
                if (conf != null) {
                    setRuntimeAxis(runtime, conf.getMergeAxis());
                }
            }
        }
        return built;
    }

    /** A frozen runtime vertex wraps the merge vertex (in a protected field, without a getter). */
    private static org.deeplearning4j.nn.graph.vertex.GraphVertex unwrapRuntime(org.deeplearning4j.nn.graph.vertex.GraphVertex v) {
        if (v instanceof org.deeplearning4j.nn.graph.vertex.BaseWrapperVertex wrapper) {
            try {
                java.lang.reflect.Field f = org.deeplearning4j.nn.graph.vertex.BaseWrapperVertex.class.getDeclaredField("underlying");
                f.setAccessible(true);
                return unwrapRuntime((org.deeplearning4j.nn.graph.vertex.GraphVertex) f.get(wrapper));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot look inside the frozen vertex " + v.getVertexName(), e);
            }
        }
        return v;
    }

    private static void setRuntimeAxis(org.deeplearning4j.nn.graph.vertex.impl.MergeVertex v, int axis) {
        try {
            java.lang.reflect.Field f = org.deeplearning4j.nn.graph.vertex.impl.MergeVertex.class.getDeclaredField("mergeAxis");
            f.setAccessible(true);
            f.setInt(v, axis);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot repair the merge axis of vertex " + v.getVertexName() + " (DL4J's"
                    + " MergeVertex changed?)", e);
        }
    }

    private static MergeVertex merge(GraphVertex v) {
        if (v instanceof MergeVertex m) {
            return m;
        }
        if (v instanceof org.deeplearning4j.nn.conf.graph.FrozenVertex f && f.getUnderlying() instanceof MergeVertex m) {
            return m;
        }
        return null;
    }
}
