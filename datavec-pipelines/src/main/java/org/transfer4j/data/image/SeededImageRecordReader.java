package org.transfer4j.data.image;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.api.conf.Configuration;
import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.api.io.labels.PathLabelGenerator;
import org.datavec.api.records.Record;
import org.datavec.api.split.FileSplit;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.loader.NativeImageLoader;
import org.datavec.image.recordreader.ImageRecordReader;
import org.datavec.image.transform.ImageTransform;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.data.image.transform.Augmentation;
import org.transfer4j.data.image.transform.ResizeCentreCrop;
import org.transfer4j.data.image.transform.SeededImageTransform;

/**
 * A DataVec {@link ImageRecordReader} (labels from the parent folder, by default) that is reproducible
 * and strict. Each record is {@code [NDArrayWritable [1, channels, height, width] of raw 0..255 pixel
 * values in the preprocessing's channel order, IntWritable label]}, so it plugs into DataVec's
 * {@code RecordReaderDataSetIterator} like any image reader; normalise with {@link ImageNormalizer}.
 *
 * <p>What it adds to DataVec's reader:
 * <ul>
 *   <li>sample {@code i} of epoch {@code e} is transformed with {@code Random(SampleSeeds.of(seed, e, i))}
 *       through {@code transform(image, random)}, and each epoch has its own seeded order, so records do
 *       not depend on how many threads read them ({@link ImagePipeline} reads with several);
 *       {@link #reset()} starts the next epoch;</li>
 *   <li>bad files follow a {@link BadFilePolicy}: SKIP leaves them out and lists them with the reason
 *       ({@link #skipped()}), FAIL stops naming the file; a partly decoded image is never returned;</li>
 *   <li>every file is listed once; hidden files and extensions DataVec's loader does not read are ignored;
 *       a {@link FileSplit}'s files are sorted, other splits keep their order;</li>
 *   <li>a fixed class list ({@link Builder#classes}) keeps label indices stable for a part that lacks a class.</li>
 * </ul>
 * Without a transform, images are resized (shorter side) and centre-cropped as the preprocessing says;
 * with one, the transform's output is resized to the preprocessing's size if it is not already.
 */
public class SeededImageRecordReader extends ImageRecordReader {
    /** Extensions DataVec's native loader reads, lower case. */
    public static final Set<String> IMAGE_EXTENSIONS = Arrays.stream(NativeImageLoader.ALLOWED_FORMATS)
            .map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private final ImagePreprocessing pre;
    private ImageTransform transform;
    private final long seed;
    private final boolean shuffle;
    private final BadFilePolicy policy;
    private final List<String> fixedClasses;
    private final ThreadLocal<NativeImageLoader> loaders;
    private final Map<String, String> skipped = Collections.synchronizedMap(new LinkedHashMap<>());
    private ImageSource source;
    private int epoch;
    private int[] order = new int[0];
    private int cursor;
    private List<Writable> lookahead;

    private SeededImageRecordReader(Builder b) {
        super(b.pre.height(), b.pre.width(), b.pre.channels(), b.labels);
        this.pre = b.pre;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.policy = b.policy;
        this.fixedClasses = b.classes;
        setTransform(b.transform);
        setLogLabelCountOnInit(false);
        this.loaders = ThreadLocal.withInitial(() -> new NativeImageLoader(pre.height(), pre.width(), pre.channels()));
        this.imageLoader = new NativeImageLoader(pre.height(), pre.width(), pre.channels());
    }

    /** A reader for images fed to a network with preprocessing {@code pre}. */
    public static Builder builder(ImagePreprocessing pre) {
        return new Builder(pre);
    }

    /** Options with defaults: no augmentation, seed 0, no shuffle, SKIP, labels from parent folders. */
    public static final class Builder {
        private final ImagePreprocessing pre;
        private ImageTransform transform;
        private long seed;
        private boolean shuffle;
        private BadFilePolicy policy = BadFilePolicy.SKIP;
        private List<String> classes;
        private PathLabelGenerator labels = new ParentPathLabelGenerator();

        private Builder(ImagePreprocessing pre) {
            if (pre == null) {
                throw new IllegalArgumentException("the preprocessing is required (the network's input size and channels)");
            }
            this.pre = pre;
        }

        /** The augmentation (any DataVec transform; {@link AugmentationSpec#toTransform} gives the project's). */
        public Builder optTransform(ImageTransform t) {
            this.transform = t;
            return this;
        }

        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /** A new seeded order every epoch (training). */
        public Builder optShuffle(boolean s) {
            this.shuffle = s;
            return this;
        }

        public Builder optPolicy(BadFilePolicy p) {
            this.policy = p == null ? BadFilePolicy.SKIP : p;
            return this;
        }

        /** The class names in label order; a file whose label is not among them is refused. */
        public Builder optClasses(List<String> c) {
            if (c != null && (c.isEmpty() || new LinkedHashSet<>(c).size() != c.size())) {
                throw new IllegalArgumentException("classes must be distinct and non-empty, got " + c);
            }
            this.classes = c == null ? null : List.copyOf(c);
            return this;
        }

        /** How a file's class is found (DataVec's {@link ParentPathLabelGenerator} by default). */
        public Builder optLabels(PathLabelGenerator g) {
            if (g == null || !g.inferLabelClasses()) {
                throw new IllegalArgumentException("the label generator must name classes (inferLabelClasses() true), got " + g);
            }
            this.labels = g;
            return this;
        }

        public SeededImageRecordReader build() {
            return new SeededImageRecordReader(this);
        }
    }

    private void setTransform(ImageTransform t) {
        if (t != null) {
            Augmentation.warnIfNotReproducible(t);
        }
        this.transform = t != null ? t : new ResizeCentreCrop(pre.resizeShorter(), pre.width(), pre.height());
        this.imageTransform = t;
    }

    @Override
    public void initialize(InputSplit split) throws IOException {
        URI[] locations = split.locations();
        Set<Path> unique = new LinkedHashSet<>();
        for (URI u : locations == null ? new URI[0] : locations) {
            Path p = Paths.get(u).toAbsolutePath().normalize();
            if (isImageFile(p)) {
                unique.add(p);
            }
        }
        List<Path> files = new ArrayList<>(unique);
        if (split instanceof FileSplit) {
            files.sort(Comparator.naturalOrder()); // a directory listing's order is the filesystem's
        }
        if (files.isEmpty()) {
            throw new IOException("no image files (" + String.join(", ", new TreeSet<>(IMAGE_EXTENSIONS))
                    + ") in the split " + split + (locations == null ? "" : " of " + locations.length + " locations"));
        }
        List<String> names = new ArrayList<>(files.size());
        for (Path f : files) {
            names.add(labelGenerator.getLabelForPath(f.toUri()).toString());
        }
        List<String> classes = fixedClasses != null ? fixedClasses : new ArrayList<>(new TreeSet<>(names));
        int[] idx = new int[files.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = classes.indexOf(names.get(i));
            if (idx[i] < 0) {
                throw new IOException(files.get(i) + " has class '" + names.get(i) + "', which is not one of " + classes
                        + "; move the file or pass the full class list");
            }
        }
        this.inputSplit = split;
        initialize(new FileListSource(List.copyOf(files), idx, List.copyOf(classes)));
    }

    /** Reads images that are not files (Fashion-MNIST in memory, for example). */
    public void initialize(ImageSource images) {
        this.source = images;
        this.labels = new ArrayList<>(images.classes());
        this.epoch = 0;
        startEpoch();
    }

    @Override
    public void initialize(InputSplit split, ImageTransform t) throws IOException {
        setTransform(t);
        initialize(split);
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) throws IOException {
        initialize(split);
    }

    static boolean isImageFile(Path p) {
        String name = p.getFileName().toString();
        Path parent = p.getParent();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && (parent == null || !parent.getFileName().toString().startsWith("."))
                && dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private void requireInitialized() {
        if (source == null) {
            throw new IllegalStateException("call initialize(split) before reading");
        }
    }

    private void startEpoch() {
        order = SampleSeeds.order(source.size(), seed, epoch, shuffle);
        cursor = 0;
        lookahead = null;
    }

    /** Number of images (before any is skipped). */
    public int size() {
        requireInitialized();
        return source.size();
    }

    public int label(int i) {
        return source.label(i);
    }

    /** The file (or name) of image {@code i}. */
    public String name(int i) {
        return source.name(i);
    }

    public ImagePreprocessing preprocessing() {
        return pre;
    }

    public BadFilePolicy policy() {
        return policy;
    }

    /** The sample order of {@code e}. */
    public int[] order(int e) {
        requireInitialized();
        return SampleSeeds.order(source.size(), seed, e, shuffle);
    }

    /**
     * Decodes, transforms and writes image {@code i} as drawn in epoch {@code e} into {@code view}
     * ({@code [channels, height, width]}, raw pixel values). Safe to call from several threads.
     *
     * @throws BadImageException naming the file when it cannot be used
     */
    public void readInto(int i, int e, INDArray view) throws BadImageException {
        requireInitialized();
        Random rng = new Random(SampleSeeds.of(seed, e, i));
        OpenCVFrameConverter.ToMat conv = SeededImageTransform.converter();
        // Every OpenCV matrix made for this image (decoder, transforms, loader) is freed at the end of the scope;
        // the INDArray view was made outside it, so it is not.
        try (PointerScope scope = new PointerScope()) {
            Mat img = source.decode(i);
            ImageWritable out = transform.transform(new ImageWritable(conv.convert(img)), rng);
            Mat m = conv.convert(out.getFrame());
            if (pre.channelOrder() == ImagePreprocessing.ChannelOrder.RGB && m.channels() == 3) {
                Mat rgb = new Mat();
                cvtColor(m, rgb, COLOR_BGR2RGB);
                m = rgb;
            }
            loaders.get().asMatrixView(m, view);
        } catch (BadImageException ex) {
            throw ex;
        } catch (IOException ex) {
            throw new BadImageException(source.name(i), "cannot be converted to the network's input: " + ex.getMessage());
        }
    }

    /** Image {@code i} as drawn in epoch {@code e}: {@code [1, channels, height, width]}, raw pixel values. */
    public INDArray read(int i, int e) throws BadImageException {
        INDArray f = Nd4j.create(DataType.FLOAT, 1, pre.channels(), pre.height(), pre.width());
        readInto(i, e, f.tensorAlongDimension(0, 1, 2, 3));
        return f;
    }

    /** Records a bad file under SKIP, or throws naming it under FAIL. */
    void badFile(BadImageException e) {
        if (policy == BadFilePolicy.FAIL) {
            throw new IllegalStateException("bad image (policy FAIL): " + e.getMessage(), e);
        }
        skipped.put(e.file(), e.reason());
    }

    @Override
    public boolean hasNext() {
        requireInitialized();
        while (lookahead == null && cursor < order.length) {
            int i = order[cursor++];
            try {
                lookahead = List.of(new NDArrayWritable(read(i, epoch)), new IntWritable(source.label(i)));
            } catch (BadImageException e) {
                badFile(e);
            }
        }
        return lookahead != null;
    }

    @Override
    public List<Writable> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more images; call reset()");
        }
        List<Writable> r = lookahead;
        lookahead = null;
        return r;
    }

    @Override
    public Record nextRecord() {
        return new org.datavec.api.records.impl.Record(next(), null);
    }

    /** One record at a time: the batch path of DataVec's reader would bypass the checks and the seeds. */
    @Override
    public boolean batchesSupported() {
        return false;
    }

    /**
     * Starts the next epoch: a new order (when shuffling) and new augmentation draws. DataVec's
     * {@code RecordReaderDataSetIterator} reads one record and resets before its first batch, so its first
     * pass is epoch 1; {@link #seekEpoch} chooses an epoch explicitly.
     */
    @Override
    public void reset() {
        requireInitialized();
        epoch++;
        startEpoch();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** Jumps to epoch {@code e}, whose order and draws are those of an uninterrupted run. */
    public void seekEpoch(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + e);
        }
        requireInitialized();
        epoch = e;
        startEpoch();
    }

    public int epoch() {
        return epoch;
    }

    /** Every file left out so far, with the reason, in the order met. */
    public List<SkippedFile> skipped() {
        synchronized (skipped) {
            return skipped.entrySet().stream().map(x -> new SkippedFile(x.getKey(), x.getValue())).toList();
        }
    }

    @Override
    public List<String> getLabels() {
        return labels;
    }
}
