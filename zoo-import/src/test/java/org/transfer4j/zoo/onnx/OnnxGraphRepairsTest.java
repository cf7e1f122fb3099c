package org.transfer4j.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import onnx.Onnx;

/**
 * The graph repairs on a small graph with each pattern: each rewrites what it should and nothing else, and the
 * repaired graph computes what the original computes (onnxruntime on both). The real encoder's import is
 * {@code TextEncoderIT}'s.
 */
class OnnxGraphRepairsTest {
    @TempDir
    static Path dir;
    static Path tiny;
    static Onnx.ModelProto original;
    static float[][][] x = new float[2][3][4];

    @BeforeAll
    static void write() throws Exception {
        tiny = TinyOnnxGraphs.write(dir);
        original = OnnxImport.read(tiny);
        for (int b = 0; b < 2; b++) {
            for (int s = 0; s < 3; s++) {
                for (int c = 0; c < 4; c++) {
                    x[b][s][c] = (float) Math.sin(1 + b * 12 + s * 4 + c) * (b + 1);
                }
            }
        }
    }

    @Test
    void theRepairedGraphComputesWhatTheOriginalComputes() throws Exception {
        Onnx.ModelProto repaired = OnnxGraphRepairs.apply(original, EnumSet.allOf(OnnxRepair.class), "tiny");
        Path file = Files.write(dir.resolve("repaired.onnx"), repaired.toByteArray());
        Map<String, float[]> before = run(tiny);
        Map<String, float[]> after = run(file);
        for (String out : List.of("scores", "means")) {
            float[] a = before.get(out);
            float[] b = after.get(out);
            assertEquals(a.length, b.length, out);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5, out + "[" + i + "]");
            }
        }
    }

    @Test
    void eachRepairRewritesItsPatternOnly() {
        Onnx.GraphProto all = OnnxGraphRepairs.apply(original, EnumSet.allOf(OnnxRepair.class), "tiny").getGraph();
        assertFalse(ops(all).contains("Constant"), "constants became initializers");
        assertTrue(all.getInitializerList().stream().anyMatch(t -> t.getName().equals("two")));
        assertFalse(ops(all).contains("Pow"));
        assertFalse(ops(all).contains("Gather") || ops(all).contains("Unsqueeze"), "shape gather became a slice");
        assertTrue(all.getNodeList().stream().noneMatch(n -> String.join(",", n.getInputList()).contains("::")));
        assertTrue(all.getInitializerList().stream().anyMatch(t -> t.getName().equals("onnx__MatMul_7")));
        Onnx.NodeProto matMul = all.getNodeList().stream().filter(n -> n.getOpType().equals("MatMul")).findFirst().get();
        assertTrue(matMul.getInput(0).endsWith("_2d"), "the activation is flattened first: " + matMul.getInput(0));
        Onnx.NodeProto mean = all.getNodeList().stream().filter(n -> n.getOpType().equals("ReduceMean")).findFirst().get();
        assertTrue(mean.getAttributeList().stream().anyMatch(a -> a.getName().equals("keepdims") && a.getI() == 1));

        Onnx.GraphProto none = OnnxGraphRepairs.apply(original, EnumSet.noneOf(OnnxRepair.class), "tiny").getGraph();
        assertEquals(ops(original.getGraph()), ops(none), "no repair, no change");
        assertEquals(original.getGraph().getInitializerList(), none.getInitializerList());

        Onnx.GraphProto noPow = OnnxGraphRepairs.apply(original, EnumSet.complementOf(EnumSet.of(OnnxRepair.POW_SQUARE)),
                "tiny").getGraph();
        assertTrue(ops(noPow).contains("Pow"));
        Onnx.GraphProto noGather = OnnxGraphRepairs.apply(original,
                EnumSet.complementOf(EnumSet.of(OnnxRepair.SHAPE_GATHER)), "tiny").getGraph();
        Onnx.NodeProto gather = noGather.getNodeList().stream().filter(n -> n.getOpType().equals("Gather")).findFirst().get();
        assertTrue(gather.getAttributeList().stream().anyMatch(a -> a.getName().equals("axis") && a.getI() == 0),
                "Gather's default axis written out");
    }

    @Test
    void badFilesAreRefusedBeforeImportNamingTheFile() throws Exception {
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImport.load(dir.resolve("none.onnx")));
        assertTrue(e.getMessage().contains("none.onnx") && e.getMessage().contains("does not exist"), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.onnx"), "not a model at all");
        e = assertThrows(OnnxImportException.class, () -> OnnxImport.load(text));
        assertTrue(e.getMessage().contains("notes.onnx"), e.getMessage());
        Onnx.ModelProto quantised = original.toBuilder().setGraph(original.getGraph().toBuilder().addNode(
                Onnx.NodeProto.newBuilder().setOpType("MatMulInteger").setName("q1"))).build();
        Path q = Files.write(dir.resolve("q.onnx"), quantised.toByteArray());
        e = assertThrows(OnnxImportException.class, () -> OnnxImport.load(q));
        assertTrue(e.getMessage().contains("q1") && e.getMessage().contains("MatMulInteger"), e.getMessage());
    }

    @Test
    void aCubeBecomesTwoMultipliesAndComputesTheSame() throws Exception {
        Onnx.ModelProto cube = withExponent(3f);
        Path file = Files.write(dir.resolve("cube.onnx"), cube.toByteArray());
        Onnx.ModelProto repaired = OnnxGraphRepairs.apply(cube, EnumSet.allOf(OnnxRepair.class), "cube");
        assertEquals(2, ops(repaired.getGraph()).stream().filter("Mul"::equals).count());
        Path fixed = Files.write(dir.resolve("cube-repaired.onnx"), repaired.toByteArray());
        Map<String, float[]> before = run(file);
        Map<String, float[]> after = run(fixed);
        for (int i = 0; i < before.get("scores").length; i++) {
            assertEquals(before.get("scores")[i], after.get("scores")[i], 1e-4);
        }
    }

    /**
     * PyTorch's exporter stores constants as raw little-endian bytes, not in the typed fields: the exponent and the
     * gather index read from raw bytes give the same rewrite and the same outputs. Graph outputs with {@code ::} in
     * their names are renamed with everything that reads them.
     */
    @Test
    void rawByteConstantsAndColonNamedOutputsAreRepairedToo() throws Exception {
        Onnx.GraphProto.Builder g = original.getGraph().toBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            Onnx.NodeProto n = g.getNode(i);
            if (n.getOutput(0).equals("two")) {
                g.setNode(i, n.toBuilder().setAttribute(0, n.getAttribute(0).toBuilder().setT(Onnx.TensorProto.newBuilder()
                        .setDataType(1).setRawData(org.nd4j.shade.protobuf.ByteString.copyFrom(
                                java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(2f).array())))));
            }
            if (n.getOutput(0).equals("zero")) {
                g.setNode(i, n.toBuilder().setAttribute(0, n.getAttribute(0).toBuilder().setT(Onnx.TensorProto.newBuilder()
                        .setDataType(7).setRawData(org.nd4j.shade.protobuf.ByteString.copyFrom(
                                java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0L).array())))));
            }
            if (n.getOutput(0).equals("means")) {
                g.setNode(i, n.toBuilder().setOutput(0, "out::means"));
            }
        }
        g.setOutput(1, g.getOutput(1).toBuilder().setName("out::means"));
        Onnx.ModelProto raw = original.toBuilder().setGraph(g).build();
        Onnx.GraphProto repaired = OnnxGraphRepairs.apply(raw, EnumSet.allOf(OnnxRepair.class), "raw").getGraph();
        assertFalse(ops(repaired).contains("Pow") || ops(repaired).contains("Gather"));
        assertEquals("out__means", repaired.getOutput(1).getName());
        assertTrue(repaired.getNodeList().stream().anyMatch(n -> n.getOutputList().contains("out__means")));
        Path before = Files.write(dir.resolve("raw.onnx"), raw.toByteArray());
        Path after = Files.write(dir.resolve("raw-repaired.onnx"),
                raw.toBuilder().setGraph(repaired).build().toByteArray());
        float[] a = runScores(before);
        float[] b = runScores(after);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5);
        }
        Onnx.NodeProto slice = repaired.getNodeList().stream().filter(n -> n.getOpType().equals("Slice")
                && n.getName().startsWith("batch")).findFirst().orElseThrow();
        assertEquals(List.of("shape", slice.getInput(1), slice.getInput(2), slice.getInput(3)), slice.getInputList());
        assertTrue(repaired.getNodeList().stream().map(Onnx.NodeProto::getName).distinct().count()
                == repaired.getNodeCount(), "every node name is unique");
    }

    private static float[] runScores(Path model) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, x);
             OrtSession.Result r = session.run(Map.of("x", in))) {
            float[][] scores = (float[][]) r.get("scores").get().getValue();
            float[] s = new float[scores.length * scores[0].length];
            for (int i = 0; i < scores.length; i++) {
                System.arraycopy(scores[i], 0, s, i * scores[0].length, scores[0].length);
            }
            return s;
        }
    }

    private static Onnx.ModelProto withExponent(float p) {
        Onnx.GraphProto.Builder g = original.getGraph().toBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOutput(0).equals("two")) {
                g.setNode(i, g.getNode(i).toBuilder().setAttribute(0, g.getNode(i).getAttribute(0).toBuilder()
                        .setT(Onnx.TensorProto.newBuilder().setDataType(1).addFloatData(p))));
            }
        }
        return original.toBuilder().setGraph(g).build();
    }

    @Test
    void aPowerOtherThanTwoOrThreeIsRefused() {
        Onnx.ModelProto half = withExponent(0.5f);
        OnnxImportException e = assertThrows(OnnxImportException.class,
                () -> OnnxGraphRepairs.apply(half, EnumSet.allOf(OnnxRepair.class), "half.onnx"));
        assertTrue(e.getMessage().contains("half.onnx") && e.getMessage().contains("pow"), e.getMessage());
    }

    private static List<String> ops(Onnx.GraphProto g) {
        return g.getNodeList().stream().map(Onnx.NodeProto::getOpType).toList();
    }

    private static Map<String, float[]> run(Path model) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, x);
             OrtSession.Result r = session.run(Map.of("x", in))) {
            float[][] scores = (float[][]) r.get("scores").get().getValue();
            float[][][] means = (float[][][]) r.get("means").get().getValue();
            float[] s = new float[scores.length * scores[0].length];
            for (int i = 0; i < scores.length; i++) {
                System.arraycopy(scores[i], 0, s, i * scores[0].length, scores[0].length);
            }
            float[] m = new float[6];
            for (int i = 0; i < 6; i++) {
                m[i] = means[i / 3][i % 3][0];
            }
            return Map.of("scores", s, "means", m);
        }
    }
}
