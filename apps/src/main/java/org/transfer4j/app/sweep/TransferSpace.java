package org.transfer4j.app.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

/**
 * An Arbiter parameter space whose value is one candidate's transfer choices (name to value). It
 * composes named leaf spaces the way Arbiter's own network spaces do: the candidate generators
 * enumerate its leaves, give each its indices in the flat parameter vector, and call
 * {@link #getValue(double[])}.
 */
public final class TransferSpace implements ParameterSpace<Map<String, Object>> {
    private final Map<String, ParameterSpace<?>> spaces;

    public TransferSpace(Map<String, ParameterSpace<?>> spaces) {
        this.spaces = new LinkedHashMap<>(spaces);
    }

    @Override
    public Map<String, Object> getValue(double[] input) {
        Map<String, Object> v = new LinkedHashMap<>();
        spaces.forEach((name, s) -> v.put(name, s.getValue(input)));
        return v;
    }

    @Override
    public int numParameters() {
        return collectLeaves().stream().mapToInt(ParameterSpace::numParameters).sum();
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> leaves = new ArrayList<>();
        for (ParameterSpace<?> s : spaces.values()) {
            leaves.addAll(s.collectLeaves());
        }
        return leaves;
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        return new LinkedHashMap<>(spaces);
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    /** Arbiter's generators index only the leaves ({@link #collectLeaves()}), as its own composite spaces expect. */
    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("a composite space has no indices of its own; its leaves get them");
    }

    @Override
    public String toString() {
        return "TransferSpace" + spaces;
    }
}
