package org.transfer4j.zoo.tfjs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.zoo.keras.KerasImport;
import org.transfer4j.zoo.keras.KerasOptions;

/**
 * TF.js layers models as DL4J networks: {@link TfjsModel#read} the artifacts, decode the weights
 * (float32, int32, and the converter's quantizations: uint8 / uint16 affine, float16), then build the
 * network from the Keras topology through {@link KerasImport#fromTopology}, with Keras import's repairs.
 */
public final class TfjsImport {
    private TfjsImport() {
    }

    /** A directory with {@code model.json} (or a packaged {@code model.min.js}), or that file itself. */
    public static Model load(Path path, KerasOptions options) throws IOException {
        return load(TfjsModel.read(path), options);
    }

    /** A model already read. */
    public static Model load(TfjsModel m, KerasOptions options) throws IOException {
        return KerasImport.fromTopology(m.source().toString(), m.modelTopology(), weights(m), options);
    }

    /** Every weight, by layer name and Keras weight name ({@code conv1/kernel} -> {@code conv1} -> {@code kernel}). */
    public static Map<String, Map<String, INDArray>> weights(TfjsModel m) {
        Map<String, Map<String, INDArray>> byLayer = new LinkedHashMap<>();
        ByteBuffer data = m.data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int offset = 0;
        for (TfjsModel.WeightSpec w : m.weights()) {
            float[] v = decode(w, data, offset);
            offset += (int) w.bytes();
            String name = w.name();
            int slash = name.lastIndexOf('/');
            if (slash <= 0) {
                throw new IllegalArgumentException(m.source() + ": weight '" + name + "' is not named layer/weight");
            }
            String weight = name.substring(slash + 1);
            int colon = weight.indexOf(':'); // TF2-era names end in ":0"
            weight = colon > 0 ? weight.substring(0, colon) : weight;
            // A layer nested in a cell or block (layer/cell/kernel) belongs to its outermost Keras layer.
            String layer = name.substring(0, name.indexOf('/'));
            INDArray a = w.shape().length == 0 ? Nd4j.scalar(v[0]) : Nd4j.create(v, w.shape(), 'c');
            byLayer.computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(weight, a.castTo(DataType.FLOAT));
        }
        return byLayer;
    }

    /** One tensor's values as floats. */
    static float[] decode(TfjsModel.WeightSpec w, ByteBuffer data, int offset) {
        int n = Math.toIntExact(w.size());
        float[] v = new float[n];
        TfjsModel.Quantization q = w.quantization();
        String stored = q != null ? q.dtype() : w.dtype();
        boolean integer = "int32".equals(w.dtype());
        for (int i = 0; i < n; i++) {
            double x = switch (stored) {
                case "uint8" -> (data.get(offset + i) & 0xFF) * q.scale() + q.min();
                case "uint16" -> (data.getShort(offset + 2 * i) & 0xFFFF) * q.scale() + q.min();
                case "float16" -> halfToFloat(data.getShort(offset + 2 * i));
                case "int32" -> data.getInt(offset + 4 * i);
                case "float32" -> data.getFloat(offset + 4 * i);
                default -> throw new IllegalArgumentException("weight " + w.name() + ": unsupported dtype " + stored);
            };
            v[i] = (float) (integer && q != null ? Math.round(x) : x);
        }
        return v;
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int sign = (h >> 15) & 1;
        int exponent = (h >> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        float magnitude = exponent == 0 ? (float) (mantissa * Math.pow(2, -24))
                : exponent == 31 ? (mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN)
                : (float) ((1 + mantissa / 1024.0) * Math.pow(2, exponent - 15));
        return sign == 1 ? -magnitude : magnitude;
    }
}
