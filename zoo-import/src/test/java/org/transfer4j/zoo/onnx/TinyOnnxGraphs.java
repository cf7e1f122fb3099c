package org.transfer4j.zoo.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import onnx.Onnx;

/**
 * A small ONNX graph written here with every pattern {@link OnnxRepair} rewrites, as PyTorch's exporter writes them
 * in BERT (LayerNorm's Pow and ReduceMean, a `::` weight name, a rank-3 MatMul, a Shape-Gather-Unsqueeze-Concat).
 * x [B, S, 4] gives {@code scores} = reshape(x^2 @ W, [B, -1]) and {@code means} = mean(x^2, axis 2).
 */
final class TinyOnnxGraphs {
    static final float[] WEIGHT = {0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f, 1f, 0f, -2f, 0.1f, 0.2f, 0.3f};

    private TinyOnnxGraphs() {
    }

    static Path write(Path dir) throws IOException {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("tiny");
        g.addInput(valueInfo("x", 3));
        g.addOutput(valueInfo("scores", 2));
        g.addOutput(valueInfo("means", 3));
        g.addInitializer(Onnx.TensorProto.newBuilder().setName("onnx::MatMul_7").setDataType(1).addDims(4).addDims(3)
                .addAllFloatData(boxed(WEIGHT)));
        g.addNode(constant("two", Onnx.TensorProto.newBuilder().setDataType(1).addFloatData(2f).build()));
        g.addNode(node("Pow", "pow", List.of("x", "two"), "squared"));
        g.addNode(node("ReduceMean", "mean", List.of("squared"), "means").toBuilder().addAttribute(ints("axes", 2)));
        g.addNode(node("MatMul", "project", List.of("squared", "onnx::MatMul_7"), "projected"));
        g.addNode(node("Shape", "shape", List.of("projected"), "shape"));
        g.addNode(constant("zero", Onnx.TensorProto.newBuilder().setDataType(7).addInt64Data(0).build()));
        g.addNode(node("Gather", "batch", List.of("shape", "zero"), "batch"));
        g.addNode(node("Unsqueeze", "batch1", List.of("batch"), "batch1").toBuilder().addAttribute(ints("axes", 0)));
        g.addNode(constant("rest", Onnx.TensorProto.newBuilder().setDataType(7).addDims(1).addInt64Data(-1).build()));
        g.addNode(node("Concat", "target", List.of("batch1", "rest"), "target").toBuilder()
                .addAttribute(Onnx.AttributeProto.newBuilder().setName("axis").setType(Onnx.AttributeProto.AttributeType.INT).setI(0)));
        g.addNode(node("Reshape", "flatten", List.of("projected", "target"), "scores"));
        Onnx.ModelProto m = Onnx.ModelProto.newBuilder().setIrVersion(6).setProducerName("transfer4j-test")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(11)).setGraph(g).build();
        Path file = dir.resolve("tiny.onnx");
        Files.write(file, m.toByteArray());
        return file;
    }

    private static Onnx.ValueInfoProto valueInfo(String name, int rank) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (int i = 0; i < rank; i++) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("d" + i));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    private static Onnx.NodeProto constant(String output, Onnx.TensorProto value) {
        return Onnx.NodeProto.newBuilder().setOpType("Constant").setName(output + "_const").addOutput(output)
                .addAttribute(Onnx.AttributeProto.newBuilder().setName("value").setType(Onnx.AttributeProto.AttributeType.TENSOR)
                        .setT(value)).build();
    }

    private static Onnx.NodeProto node(String op, String name, List<String> inputs, String output) {
        return Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output).build();
    }

    private static Onnx.AttributeProto ints(String name, long v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS).addInts(v).build();
    }

    private static List<Float> boxed(float[] a) {
        Float[] b = new Float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return List.of(b);
    }
}
