package org.transfer4j.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.CacheRoot;
import org.transfer4j.common.Progress;
import org.transfer4j.common.Sha256;
import org.transfer4j.zoo.catalogue.TextEncoderEntry;
import org.transfer4j.zoo.text.TextEncoder;

/**
 * Pooled embeddings kept on disk, one small file per text under {@code <cache root>/text-embeddings/<encoder>/}, keyed
 * by the SHA-256 of the text: the encoder's identity (its file's SHA-256, longest input, pooling) names the directory,
 * so another encoder or setting never reads them. A K-shot sample or another split of texts already seen costs nothing.
 */
public final class EmbeddingCache {
    private final Path dir;

    public EmbeddingCache(Path root, TextEncoderEntry e) {
        this.dir = root.resolve(Sha256.of((e.modelSha256() + ";" + e.maxLength() + ";" + e.pooling() + ";"
                + e.normalize()).getBytes(StandardCharsets.UTF_8)).substring(0, 24));
    }

    public static EmbeddingCache standard(TextEncoderEntry e) {
        return new EmbeddingCache(CacheRoot.resolve("text-embeddings"), e);
    }

    /** [texts, hidden]: cached rows read, the others computed in batches of {@code batchSize} and stored. */
    public INDArray embed(TextEncoder encoder, List<String> texts, int batchSize, Progress progress) throws IOException {
        int width = encoder.entry().hidden();
        INDArray out = Nd4j.create(DataType.FLOAT, texts.size(), width);
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Path f = file(texts.get(i));
            if (Files.isRegularFile(f) && Files.size(f) == 4L * width) {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
                float[] row = new float[width];
                b.asFloatBuffer().get(row);
                out.putRow(i, Nd4j.createFromArray(row));
            } else {
                missing.add(i);
            }
        }
        for (int from = 0; from < missing.size(); from += batchSize) {
            List<Integer> rows = missing.subList(from, Math.min(missing.size(), from + batchSize));
            INDArray e = encoder.embed(rows.stream().map(texts::get).toList());
            for (int j = 0; j < rows.size(); j++) {
                float[] row = e.getRow(j).toFloatVector();
                out.putRow(rows.get(j), Nd4j.createFromArray(row));
                ByteBuffer b = ByteBuffer.allocate(4 * width).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(row);
                Path f = file(texts.get(rows.get(j)));
                Files.createDirectories(f.getParent());
                AtomicFiles.write(f, o -> o.write(b.array()));
            }
            if (progress != null) {
                progress.phase("embedded " + Math.min(missing.size(), from + batchSize) + " of " + missing.size() + " texts");
            }
        }
        return out;
    }

    private Path file(String text) {
        String sha = Sha256.of(text.getBytes(StandardCharsets.UTF_8));
        return dir.resolve(sha.substring(0, 2)).resolve(sha + ".f32");
    }
}
