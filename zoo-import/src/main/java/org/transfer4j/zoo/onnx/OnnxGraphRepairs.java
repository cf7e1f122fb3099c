package org.transfer4j.zoo.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import onnx.Onnx;

/**
 * The repairs of {@link OnnxRepair} that rewrite the ONNX graph before ND4J's importer reads it. Every rewrite
 * keeps the graph's meaning in ONNX terms (onnxruntime gives the same outputs before and after).
 */
final class OnnxGraphRepairs {
    private final Set<OnnxRepair> repairs;
    private final String file;
    private final Map<String, Onnx.TensorProto> constants = new HashMap<>();
    private final Map<String, String> producerOp = new HashMap<>();
    private final Map<String, List<Onnx.NodeProto>> consumers = new HashMap<>();
    private final List<Onnx.TensorProto> initializers = new ArrayList<>();
    private final List<Onnx.NodeProto> nodes = new ArrayList<>();
    private int fresh;

    private OnnxGraphRepairs(Set<OnnxRepair> repairs, String file) {
        this.repairs = repairs;
        this.file = file;
    }

    /** The model with the selected repairs applied. */
    static Onnx.ModelProto apply(Onnx.ModelProto model, Set<OnnxRepair> repairs, String file) {
        return new OnnxGraphRepairs(repairs, file).repair(model);
    }

    private Onnx.ModelProto repair(Onnx.ModelProto model) {
        Onnx.GraphProto g = model.getGraph();
        for (Onnx.TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), t);
            initializers.add(t.toBuilder().setName(name(t.getName())).build());
        }
        for (Onnx.NodeProto n : g.getNodeList()) {
            for (String o : n.getOutputList()) {
                producerOp.put(o, n.getOpType());
            }
            if (n.getOpType().equals("Constant") && hasAttribute(n, "value")) {
                constants.put(n.getOutput(0), attribute(n, "value").getT());
            }
            for (String i : n.getInputList()) {
                consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            }
        }
        Set<Onnx.NodeProto> replaced = new HashSet<>();
        for (Onnx.NodeProto original : g.getNodeList()) {
            if (!replaced.contains(original)) {
                rewrite(original, renamed(original), replaced);
            }
        }
        Onnx.GraphProto.Builder gb = g.toBuilder().clearNode().clearInitializer().addAllNode(nodes)
                .addAllInitializer(initializers);
        for (int i = 0; i < gb.getInputCount(); i++) {
            gb.setInput(i, gb.getInput(i).toBuilder().setName(name(gb.getInput(i).getName())));
        }
        for (int i = 0; i < gb.getOutputCount(); i++) {
            gb.setOutput(i, gb.getOutput(i).toBuilder().setName(name(gb.getOutput(i).getName())));
        }
        return model.toBuilder().setGraph(gb).build();
    }

    private void rewrite(Onnx.NodeProto original, Onnx.NodeProto n, Set<Onnx.NodeProto> replaced) {
        boolean constants = repairs.contains(OnnxRepair.CONSTANTS);
        switch (n.getOpType()) {
            case "Constant" -> {
                if (constants) {
                    initializers.add(attribute(n, "value").getT().toBuilder().setName(n.getOutput(0)).build());
                    return;
                }
            }
            case "Gather" -> {
                if (repairs.contains(OnnxRepair.SHAPE_GATHER) && scalarIndexIntoShape(original)) {
                    Onnx.NodeProto unsqueeze = soleUnsqueezeAfter(original);
                    long index = longValue(this.constants.get(original.getInput(1)));
                    String p = freshName(n.getName());
                    initializers.add(longs(p + "_start", index));
                    initializers.add(longs(p + "_end", index + 1));
                    initializers.add(longs(p + "_axes", 0));
                    nodes.add(node("Slice", p, List.of(n.getInput(0), p + "_start", p + "_end", p + "_axes"),
                            name(unsqueeze.getOutput(0))));
                    replaced.add(unsqueeze);
                    return;
                }
                if (constants && !hasAttribute(n, "axis")) {
                    n = n.toBuilder().addAttribute(intAttribute("axis", 0)).build();
                }
            }
            case "ReduceMean" -> {
                if (constants && !hasAttribute(n, "keepdims")) {
                    n = n.toBuilder().addAttribute(intAttribute("keepdims", 1)).build();
                }
            }
            case "Pow" -> {
                if (repairs.contains(OnnxRepair.POW_SQUARE)) {
                    Onnx.TensorProto exponent = this.constants.get(original.getInput(1));
                    float p = exponent == null ? Float.NaN : floatValue(exponent);
                    if (p == 3f) { // the tanh approximation of GELU some exports use: x * x * x
                        String square = freshName(n.getName()) + "_square";
                        nodes.add(node("Mul", square, List.of(n.getInput(0), n.getInput(0)), square));
                        n = n.toBuilder().setOpType("Mul").setInput(1, square).build();
                    } else if (p == 2f) {
                        n = n.toBuilder().setOpType("Mul").setInput(1, n.getInput(0)).build();
                    } else {
                        throw new OnnxImportException(file + ": node " + original.getName() + " raises to a power other"
                                + " than the constant 2 or 3; ND4J's importer cannot read Pow, and only those are rewritten");
                    }
                }
            }
            case "MatMul" -> {
                Onnx.TensorProto weight = this.constants.get(original.getInput(1));
                if (repairs.contains(OnnxRepair.MATMUL_3D) && weight != null && weight.getDimsCount() == 2) {
                    matMulThrough2d(n, weight.getDims(0), weight.getDims(1));
                    return;
                }
            }
            default -> {
            }
        }
        nodes.add(n);
    }

    /** x[..., k] @ w[k, n] as reshape(reshape(x, [-1, k]) @ w, shape(x)[:-1] ++ [n]), for any rank of x. */
    private void matMulThrough2d(Onnx.NodeProto n, long k, long width) {
        String p = freshName(n.getName());
        initializers.add(longs(p + "_flat", -1, k));
        initializers.add(longs(p + "_zero", 0));
        initializers.add(longs(p + "_last", -1));
        initializers.add(longs(p + "_width", width));
        String x = n.getInput(0);
        nodes.add(node("Reshape", p + "_in", List.of(x, p + "_flat"), p + "_2d"));
        nodes.add(node("MatMul", n.getName(), List.of(p + "_2d", n.getInput(1)), p + "_product"));
        nodes.add(node("Shape", p + "_shape", List.of(x), p + "_shape"));
        nodes.add(node("Slice", p + "_lead", List.of(p + "_shape", p + "_zero", p + "_last", p + "_zero"), p + "_lead"));
        nodes.add(node("Concat", p + "_concat", List.of(p + "_lead", p + "_width"), p + "_target").toBuilder()
                .addAttribute(intAttribute("axis", 0)).build());
        nodes.add(node("Reshape", p + "_out", List.of(p + "_product", p + "_target"), n.getOutput(0)));
    }

    private boolean scalarIndexIntoShape(Onnx.NodeProto gather) {
        Onnx.TensorProto index = constants.get(gather.getInput(1));
        return index != null && index.getDimsCount() == 0 && "Shape".equals(producerOp.get(gather.getInput(0)));
    }

    private Onnx.NodeProto soleUnsqueezeAfter(Onnx.NodeProto gather) {
        List<Onnx.NodeProto> after = consumers.getOrDefault(gather.getOutput(0), List.of());
        if (after.size() != 1 || !after.get(0).getOpType().equals("Unsqueeze")
                || attribute(after.get(0), "axes").getIntsList().size() != 1
                || attribute(after.get(0), "axes").getInts(0) != 0
                || longValue(constants.get(gather.getInput(1))) < 0) {
            throw new OnnxImportException(file + ": node " + gather.getName() + " gathers a scalar from a Shape that is"
                    + " not unsqueezed at once; ND4J's importer returns rank 1 there and this pattern is not rewritten");
        }
        return after.get(0);
    }

    private Onnx.NodeProto renamed(Onnx.NodeProto n) {
        Onnx.NodeProto.Builder b = n.toBuilder().clearInput().clearOutput().setName(name(n.getName()));
        n.getInputList().forEach(i -> b.addInput(name(i)));
        n.getOutputList().forEach(o -> b.addOutput(name(o)));
        return b.build();
    }

    private String name(String s) {
        return repairs.contains(OnnxRepair.NAMES) ? s.replace("::", "__") : s;
    }

    private String freshName(String base) {
        return name(base) + "_t4j" + (fresh++);
    }

    private static Onnx.NodeProto node(String op, String name, List<String> inputs, String output) {
        return Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output).build();
    }

    private static Onnx.TensorProto longs(String name, long... values) {
        Onnx.TensorProto.Builder b = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long v : values) {
            b.addInt64Data(v);
        }
        return b.build();
    }

    private static Onnx.AttributeProto intAttribute(String name, long value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    private static boolean hasAttribute(Onnx.NodeProto n, String name) {
        return n.getAttributeList().stream().anyMatch(a -> a.getName().equals(name));
    }

    private Onnx.AttributeProto attribute(Onnx.NodeProto n, String name) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .orElseThrow(() -> new OnnxImportException(file + ": node " + n.getName() + " (" + n.getOpType()
                        + ") has no attribute '" + name + "'"));
    }

    /** The first value of an INT64 tensor, stored as int64_data or as little-endian raw bytes. */
    static long longValue(Onnx.TensorProto t) {
        return t.getInt64DataCount() > 0 ? t.getInt64Data(0)
                : ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The first value of a FLOAT tensor, stored as float_data or as little-endian raw bytes. */
    static float floatValue(Onnx.TensorProto t) {
        return t.getFloatDataCount() > 0 ? t.getFloatData(0)
                : ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat();
    }
}
