package org.transfer4j.zoo.onnx;

/**
 * The defects of ND4J 1.0.0-M2.1's ONNX importer ({@code samediff-import-onnx}) that {@link OnnxImport} repairs,
 * each named so a test can switch it off and show what it prevents. The first five are applied to the ONNX graph
 * before import (the importer throws without them); the last two to the imported SameDiff graph (without them
 * it computes silently wrong numbers).
 */
public enum OnnxRepair {
    /**
     * {@code Constant} nodes are not resolved (a Gather on one fails "If indices are empty..."): they become
     * initializers. Gather's {@code axis} and ReduceMean's {@code keepdims} are written out, because the importer
     * does not apply ONNX's defaults (0 and 1).
     */
    CONSTANTS,
    /**
     * {@code Pow} maps to {@code pow_pairwise}, which fails at import: Pow(x, 2) becomes Mul(x, x), and Pow(x, 3) (GELU's
     * tanh approximation) Mul(Mul(x, x), x).
     */
    POW_SQUARE,
    /** Names containing {@code ::} (PyTorch's exporter writes {@code onnx::MatMul_787}) are not found: renamed. */
    NAMES,
    /**
     * A MatMul of a rank-3 activation by a 2-D weight fails ("the ranks of arrays must be the same"): the activation
     * is reshaped to 2-D, multiplied, and reshaped back to its leading dimensions.
     */
    MATMUL_3D,
    /**
     * A Gather of one scalar index from a Shape returns rank 1 instead of a scalar, so the Unsqueeze after it gives
     * rank 2 and the Concat of the new shape fails: the pair becomes one Slice of length 1.
     */
    SHAPE_GATHER,
    /**
     * Silent: every imported matrix multiply carries alpha 0 and beta 1 ({@code tArgs=[0.0, 1.0]}), so its output is
     * zero (0 * AB + 1 * 0). Set to alpha 1, beta 0 after import.
     */
    MMUL_COEFFICIENTS,
    /**
     * Silent: reductions keep a stale {@code dimensionz=[[-1]]} beside their imported {@code dimensions=[2]}, and
     * the executor reads the stale one: LayerNorm's means are wrong (errors of 1e13 seen) when the graph's first run
     * holds more than one sequence. Set equal after import.
     */
    REDUCE_DIMENSIONS,
    /**
     * Training: the importer leaves variables listing, as ops they feed, about 400 op names (in MiniLM) that are not
     * in the graph, so building the gradient function fails with a NullPointerException in
     * {@code SameDiff.createGradFunction}. The stale names are dropped after import.
     */
    STALE_OP_REFERENCES
}
