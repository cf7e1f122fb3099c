package org.transfer4j.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transfer4j.common.Json;
import org.transfer4j.data.image.AugmentationSpec;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePipeline;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.transfer.Featurizer;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * Featurizing on Spark: the activations of a network's frozen part (everything below a boundary vertex)
 * for a list of image files, computed by Spark tasks and written as shards on a shared filesystem.
 *
 * <p>The driver cuts the network at the boundary ({@link Featurizer}, the same cut local featurizing
 * uses) and broadcasts the cut network's bytes; each task restores it once, reads its files through the
 * same {@link ImagePipeline} (decoding, resizing, normalisation) and writes its activations with their
 * one-hot labels as one {@link DataSet} file ({@code part-NNNNN.bin}, ND4J's {@code DataSet.save} format) through
 * Hadoop's {@link FileSystem}: {@code file://} here, {@code hdfs://} or
 * {@code s3a://} on a cluster; a temporary name renamed at the end, so a killed task leaves no partial
 * shard and a retried one writes it again. Shards hold whole batches, so every batch is the one local
 * featurizing computes and the features are bit-identical to it.
 *
 * <p>The image files must be readable at the same path on every executor (a shared mount or one machine).
 */
public final class SparkFeaturizer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkFeaturizer.class);

    /** One task's files: relative paths under the root and their labels, in order. */
    record Shard(int index, List<String> paths, int[] labels) implements Serializable {
    }

    /** What a run wrote: the shard files in sample order, and how many examples they hold. */
    public record Result(List<String> shards, long examples, double seconds) implements Serializable {
        /** All shards as one DataSet, in sample order. */
        public DataSet load() throws IOException {
            List<DataSet> parts = new ArrayList<>();
            for (String s : shards) {
                parts.add(read(s));
            }
            return DataSet.merge(parts);
        }
    }

    private SparkFeaturizer() {
    }

    /**
     * Featurizes {@code samples} (relative to {@code root}, labels indexing {@code classes}) through the part of
     * {@code network} below {@code boundary}, in batches of {@code batchSize}, as at most {@code partitions}
     * Spark tasks, into {@code outDir} (a Hadoop URI or path). Returns the shards in sample order.
     */
    public static Result featurize(JavaSparkContext sc, ComputationGraph network, String boundary, java.nio.file.Path root,
                                   List<ImageFolder.Sample> samples, List<String> classes, ImagePreprocessing pre,
                                   int batchSize, int partitions, String outDir) throws IOException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no images to featurize under " + root);
        }
        if (network.getConfiguration().getVertices().get(boundary) == null) {
            throw new IllegalArgumentException("boundary '" + boundary + "' is not a vertex of the network; its vertices: "
                    + network.getConfiguration().getVertices().keySet());
        }
        long t0 = System.nanoTime();
        List<Shard> shards = shards(samples, batchSize, partitions);
        // The one featurizer's cut of the network: only the part below the boundary travels to the executors.
        List<Featurizer.Cut> cut = List.of(new Featurizer.Cut(boundary, false));
        Broadcast<byte[]> frozen = sc.broadcast(bytes(Featurizer.of(network, cut).frozenPart()));
        String rootUri = root.toAbsolutePath().toString();
        String preJson = Json.write(pre);
        List<String> cls = List.copyOf(classes);
        LOG.info("featurizing {} images in {} shards of up to {} ({} per batch) into {}", samples.size(), shards.size(),
                shards.get(0).paths().size(), batchSize, outDir);
        List<String> written = sc.parallelize(shards, shards.size())
                .mapPartitions(it -> run(it, frozen.value(), boundary, rootUri, cls, preJson, batchSize, outDir)).collect();
        frozen.destroy();
        return new Result(written, samples.size(), (System.nanoTime() - t0) / 1e9);
    }

    /** Consecutive shards of whole batches, at most {@code partitions} of them, in sample order. */
    static List<Shard> shards(List<ImageFolder.Sample> samples, int batchSize, int partitions) {
        int batches = (samples.size() + batchSize - 1) / batchSize;
        int perShard = (batches + partitions - 1) / partitions * batchSize;
        List<Shard> out = new ArrayList<>();
        for (int from = 0; from < samples.size(); from += perShard) {
            List<ImageFolder.Sample> part = samples.subList(from, Math.min(samples.size(), from + perShard));
            out.add(new Shard(out.size(), part.stream().map(ImageFolder.Sample::path).toList(),
                    part.stream().mapToInt(ImageFolder.Sample::label).toArray()));
        }
        return out;
    }

    private static Iterator<String> run(Iterator<Shard> it, byte[] frozen, String boundary, String root, List<String> classes,
                                        String preJson, int batchSize, String outDir) throws IOException {
        CpuHelpers.ensureConfigured();
        Featurizer net = Featurizer.of(ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(frozen), false),
                List.of(new Featurizer.Cut(boundary, false)));
        ImagePreprocessing pre = Json.MAPPER.readValue(preJson, ImagePreprocessing.class);
        java.nio.file.Path base = java.nio.file.Path.of(root);
        List<String> out = new ArrayList<>();
        while (it.hasNext()) {
            Shard s = it.next();
            List<ImageFolder.Sample> samples = new ArrayList<>();
            for (int i = 0; i < s.paths().size(); i++) {
                samples.add(new ImageFolder.Sample(s.paths().get(i), s.labels()[i]));
            }
            List<DataSet> batches = new ArrayList<>();
            try (ImagePipeline p = ImagePipeline.of(ImageFolder.inputSplit(base, samples), classes, pre, AugmentationSpec.none(),
                    // One decoding thread: a task has one core (spark.task.cpus); Spark runs one task per core.
                    ImagePipeline.Options.evaluation(batchSize).withWorkers(1))) {
                while (p.hasNext()) {
                    DataSet raw = p.next();
                    batches.add(new DataSet(net.apply(raw.getFeatures())[0], raw.getLabels()));
                }
            }
            long read = batches.stream().mapToLong(DataSet::numExamples).sum();
            if (read != samples.size()) {
                throw new IOException("shard " + s.index() + ": " + samples.size() + " files but "
                        + read + " images read; an unreadable file under " + root
                        + " would shift every later feature row, so featurizing stops here");
            }
            out.add(write(DataSet.merge(batches), outDir, s.index()));
        }
        return out.iterator();
    }

    private static byte[] bytes(ComputationGraph g) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, b, false);
        return b.toByteArray();
    }

    /** Writes the shard under a temporary name and renames it, so that no reader sees half a shard. */
    static String write(DataSet d, String outDir, int index) throws IOException {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(outDir, String.format("part-%05d.bin", index));
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(outDir, String.format("_tmp-part-%05d-%s.bin", index,
                java.util.UUID.randomUUID()));
        FileSystem fs = target.getFileSystem(new Configuration());
        try (OutputStream o = fs.create(tmp, true)) {
            d.save(o);
        }
        fs.delete(target, false); // a retried task replaces the shard of the attempt that died after its rename
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not rename " + tmp + " to " + target);
        }
        return target.toString();
    }

    static DataSet read(String shard) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(shard);
        try (FSDataInputStream in = p.getFileSystem(new Configuration()).open(p)) {
            DataSet d = new DataSet();
            d.load(in);
            return d;
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException(shard + " is not a featurized shard: " + e.getMessage(), e));
        }
    }
}
