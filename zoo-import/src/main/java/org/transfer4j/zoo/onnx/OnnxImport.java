package org.transfer4j.zoo.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.samediff.frameworkimport.onnx.importer.OnnxFrameworkImporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import onnx.Onnx;

/**
 * The seam to ND4J's ONNX importer ({@code samediff-import-onnx} 1.0.0-M2.1), as {@code KerasImport} is for Keras:
 * reads an ONNX file into a SameDiff graph whose weights are constants, with every defect of {@link OnnxRepair}
 * repaired. Checked on BERT-family encoders exported by PyTorch (opset 11 to 14, fp32).
 */
public final class OnnxImport {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxImport.class);
    /** Ops of int8-quantised exports, which M2.1's importer does not map. */
    private static final Set<String> QUANTISED = Set.of("DynamicQuantizeLinear", "MatMulInteger", "DequantizeLinear",
            "QuantizeLinear", "QLinearMatMul", "ConvInteger", "QLinearConv");

    private OnnxImport() {
    }

    /** The file imported with every repair. */
    public static SameDiff load(Path file) {
        return load(file, EnumSet.allOf(OnnxRepair.class));
    }

    /** The file imported with the given repairs only (tests switch one off to show what it prevents). */
    public static SameDiff load(Path file, Set<OnnxRepair> repairs) {
        Onnx.ModelProto model = read(file);
        Onnx.ModelProto repaired = OnnxGraphRepairs.apply(model, repairs, file.toString());
        long start = System.nanoTime();
        SameDiff sd;
        Path staged = null;
        try {
            // The importer reads a path only.
            staged = Files.createTempFile("transfer4j-onnx-", ".onnx");
            Files.write(staged, repaired.toByteArray());
            sd = new OnnxFrameworkImporter().runImport(staged.toString(), Collections.emptyMap(), false);
        } catch (IOException e) {
            throw new OnnxImportException("cannot stage " + file + " for ND4J's importer: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new OnnxImportException(file + ": ND4J's ONNX importer failed (" + e + "); repairs applied: "
                    + repairs, e);
        } finally {
            deleteQuietly(staged);
        }
        SameDiffRepairs.Counts counts = SameDiffRepairs.apply(sd, repairs);
        LOG.info("imported {} in {} s: {} ops; alpha/beta set on {} matrix multiplies, dimensions on {} reductions, {}"
                + " stale op references dropped", file.getFileName(), String.format("%.1f", (System.nanoTime() - start) / 1e9),
                sd.ops().length, counts.matrixMultiplies(), counts.reductions(), counts.staleReferences());
        return sd;
    }

    /** The parsed file, checked before the (slow) import: present, ONNX, and of ops the importer can map. */
    static Onnx.ModelProto read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new OnnxImportException("ONNX file " + file.toAbsolutePath() + " does not exist or is not a file");
        }
        Onnx.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = Onnx.ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new OnnxImportException(file + " is not an ONNX model (" + e.getMessage() + "); pass the .onnx file"
                    + " itself", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new OnnxImportException(file + " holds no ONNX graph; pass the .onnx file itself");
        }
        for (Onnx.NodeProto n : model.getGraph().getNodeList()) {
            if (QUANTISED.contains(n.getOpType())) {
                throw new OnnxImportException(file + ": node " + n.getName() + " is " + n.getOpType() + ", an int8"
                        + " quantisation op ND4J 1.0.0-M2.1 cannot import; use the fp32 export of the same model");
            }
        }
        return model;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("could not delete {}", p, e);
            }
        }
    }
}
