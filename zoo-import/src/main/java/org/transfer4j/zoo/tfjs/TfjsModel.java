package org.transfer4j.zoo.tfjs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.transfer4j.common.Json;
import org.transfer4j.common.Sha256;

/**
 * A TensorFlow.js layers model as its files hold it: the Keras topology, the weight specifications in
 * manifest order and the weight bytes (every shard of every group, concatenated in manifest order).
 * Read from a directory holding {@code model.json} and its shards, or from the same artifacts packaged
 * as JavaScript modules ({@code model.min.js} / {@code model.js} and {@code group1-shard1of1.min.js} ...,
 * as in npm packages such as nsfwjs).
 *
 * @param source where it was read from (for messages)
 * @param sha256 of the model file's bytes followed by every shard's decoded bytes: identifies the weights
 */
public record TfjsModel(Path source, JsonNode modelTopology, List<WeightSpec> weights, ByteBuffer data, String sha256) {

    /**
     * One weight tensor. {@code quantization} is null for unquantized weights.
     *
     * @param name {@code layer/weight}, e.g. {@code block_1_expand/kernel}
     */
    public record WeightSpec(String name, long[] shape, String dtype, Quantization quantization) {
        /** Elements in the tensor. */
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** Bytes it takes in the weight data. */
        public long bytes() {
            String stored = quantization != null ? quantization.dtype() : dtype;
            return size() * switch (stored) {
                case "uint8", "bool" -> 1;
                case "uint16", "float16" -> 2;
                case "float32", "int32" -> 4;
                default -> throw new IllegalArgumentException("weight " + name + ": unsupported dtype '" + stored
                        + "' (supported: float32, int32, and quantized uint8, uint16, float16)");
            };
        }
    }

    /** {@code value = min + scale * q} for uint8/uint16; IEEE half precision for float16 (no min/scale). */
    public record Quantization(String dtype, double scale, double min) {
    }

    /** Reads {@code path}: a directory, a {@code model.json}, or a packaged {@code model*.js}. */
    public static TfjsModel read(Path path) throws IOException {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        Path model = Files.isDirectory(path) ? find(path) : path;
        String text = Files.readString(model, StandardCharsets.UTF_8);
        boolean packaged = model.getFileName().toString().endsWith(".js");
        JsonNode artifact;
        try {
            artifact = Json.MAPPER.readTree(packaged ? JsBundle.toJson(JsBundle.exportedLiteral(text, model.toString())) : text);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(model + " is not a TF.js layers model artifact: " + e.getMessage(), e);
        }
        JsonNode topology = artifact.get("modelTopology");
        JsonNode manifest = artifact.get("weightsManifest");
        if (topology == null || manifest == null || !manifest.isArray()) {
            String format = artifact.path("format").asText("");
            throw new IOException(model + " has no modelTopology and weightsManifest" + (format.isEmpty() ? ""
                    : " (format '" + format + "')") + ": only TF.js layers models (converted from Keras) can be read,"
                    + " not graph models");
        }
        if (!topology.has("model_config")) {
            throw new IOException(model + ": modelTopology has no model_config (Keras model JSON)");
        }
        List<WeightSpec> specs = new ArrayList<>();
        List<byte[]> shards = new ArrayList<>();
        for (JsonNode group : manifest) {
            for (JsonNode p : group.path("paths")) {
                shards.add(shard(dir, p.asText(), packaged));
            }
            for (JsonNode w : group.path("weights")) {
                long[] shape = new long[w.path("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asLong();
                }
                JsonNode q = w.get("quantization");
                specs.add(new WeightSpec(w.path("name").asText(), shape, w.path("dtype").asText("float32"),
                        q == null ? null : new Quantization(q.path("dtype").asText(), q.path("scale").asDouble(1.0),
                                q.path("min").asDouble(0.0))));
            }
        }
        int total = shards.stream().mapToInt(b -> b.length).sum();
        long expected = specs.stream().mapToLong(WeightSpec::bytes).sum();
        if (expected != total) {
            throw new IOException(model + ": the weights manifest describes " + expected + " bytes but its shards hold "
                    + total + "; a shard is missing or truncated");
        }
        ByteBuffer data = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        shards.forEach(data::put);
        data.flip();
        java.security.MessageDigest sha = Sha256.newDigest();
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        shards.forEach(sha::update);
        return new TfjsModel(model, topology, List.copyOf(specs), data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN),
                Sha256.hex(sha.digest()));
    }

    private static Path find(Path dir) throws IOException {
        for (String name : List.of("model.json", "model.min.js", "model.js")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new java.io.FileNotFoundException(dir.toAbsolutePath() + " holds no TF.js layers model: expected model.json"
                + " (with its weight shards) or a packaged model.min.js / model.js");
    }

    /** A shard by its manifest path: the binary file, or its packaged {@code .min.js} / {@code .js} module. */
    private static byte[] shard(Path dir, String name, boolean packaged) throws IOException {
        Path bin = dir.resolve(name);
        if (Files.isRegularFile(bin)) {
            return Files.readAllBytes(bin);
        }
        for (String suffix : List.of(".min.js", ".js")) {
            Path js = dir.resolve(name + suffix);
            if (Files.isRegularFile(js)) {
                String b64 = JsBundle.exportedString(Files.readString(js, StandardCharsets.ISO_8859_1), js.toString());
                try {
                    return Base64.getDecoder().decode(b64);
                } catch (IllegalArgumentException e) {
                    throw new IOException(js + ": its exported string is not base64 (" + e.getMessage() + ")", e);
                }
            }
        }
        throw new java.io.FileNotFoundException("weight shard '" + name + "' of " + dir.toAbsolutePath() + " is missing"
                + (packaged ? " (looked for " + name + ", " + name + ".min.js and " + name + ".js)" : ""));
    }
}
