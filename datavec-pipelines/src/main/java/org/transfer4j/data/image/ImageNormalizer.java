package org.transfer4j.data.image;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A catalogue preprocessing as a DL4J {@link DataNormalization}, for batches of raw 0..255 pixels in
 * NCHW (what {@link SeededImageRecordReader} and DataVec's {@code ImageRecordReader} give): each
 * channel c becomes {@code a_c * x + b_c} (scale, mean subtraction or mean/std, all affine), and, when
 * the network takes channels-last input, {@link #preProcess(DataSet)} returns NHWC features. Nothing to
 * fit: the values come from the model's {@link ImagePreprocessing}, which is what is saved with a model
 * ({@link PreprocessingRecord}); this is rebuilt from it with {@link #of}.
 */
public final class ImageNormalizer implements DataNormalization {
    private final ImagePreprocessing pre;
    private final INDArray slope;
    private final INDArray offset;

    private ImageNormalizer(ImagePreprocessing pre) {
        this.pre = pre;
        int c = pre.channels();
        double[] a = new double[c];
        double[] b = new double[c];
        for (int i = 0; i < c; i++) {
            a[i] = pre.slope(i);
            b[i] = pre.offset(i);
        }
        this.slope = Nd4j.create(a, new long[] {c}, DataType.FLOAT);
        this.offset = Nd4j.create(b, new long[] {c}, DataType.FLOAT);
    }

    public static ImageNormalizer of(ImagePreprocessing pre) {
        if (pre == null) {
            throw new IllegalArgumentException("the preprocessing is required");
        }
        return new ImageNormalizer(pre);
    }

    public ImagePreprocessing preprocessing() {
        return pre;
    }

    private void checkNchw(INDArray f) {
        if (f.rank() != 4 || f.size(1) != pre.channels()) {
            throw new IllegalArgumentException("expected NCHW pixels [n, " + pre.channels() + ", h, w], got "
                    + java.util.Arrays.toString(f.shape()));
        }
    }

    /** Normalises NCHW {@code features} in place. */
    @Override
    public void transform(INDArray features) {
        checkNchw(features);
        // One broadcast along the channel axis each: vectorised, no per-pixel Java loop.
        Nd4j.getExecutioner().exec(new BroadcastMulOp(features, slope.castTo(features.dataType()), features, 1));
        Nd4j.getExecutioner().exec(new BroadcastAddOp(features, offset.castTo(features.dataType()), features, 1));
    }

    @Override
    public void transform(INDArray features, INDArray featuresMask) {
        transform(features);
    }

    /** Normalises the features and lays them out as the network takes them (NCHW or NHWC). */
    @Override
    public void preProcess(DataSet ds) {
        INDArray f = ds.getFeatures();
        transform(f);
        if (pre.layout() == ImagePreprocessing.Layout.NHWC) {
            ds.setFeatures(f.permute(0, 2, 3, 1).dup('c'));
        }
    }

    @Override
    public void transform(DataSet ds) {
        preProcess(ds);
    }

    /** Back to raw pixels, in place (NCHW). */
    @Override
    public void revertFeatures(INDArray features) {
        checkNchw(features);
        Nd4j.getExecutioner().exec(new BroadcastSubOp(features, offset.castTo(features.dataType()), features, 1));
        Nd4j.getExecutioner().exec(new BroadcastDivOp(features, slope.castTo(features.dataType()), features, 1));
    }

    @Override
    public void revertFeatures(INDArray features, INDArray featuresMask) {
        revertFeatures(features);
    }

    @Override
    public void revert(DataSet ds) {
        INDArray f = ds.getFeatures();
        if (pre.layout() == ImagePreprocessing.Layout.NHWC) {
            f = f.permute(0, 3, 1, 2).dup('c');
        }
        revertFeatures(f);
        ds.setFeatures(f);
    }

    @Override
    public void fit(DataSet dataSet) {
        // Fixed by the pretrained model: nothing is learned from the data.
    }

    @Override
    public void fit(DataSetIterator iterator) {
        // Fixed by the pretrained model: nothing is learned from the data.
    }

    @Override
    public void transformLabel(INDArray labels) {
    }

    @Override
    public void transformLabel(INDArray labels, INDArray labelsMask) {
    }

    @Override
    public void revertLabels(INDArray labels) {
    }

    @Override
    public void revertLabels(INDArray labels, INDArray labelsMask) {
    }

    @Override
    public void fitLabel(boolean fitLabels) {
        if (fitLabels) {
            throw new UnsupportedOperationException("image labels are class indices: there is nothing to normalise");
        }
    }

    @Override
    public boolean isFitLabel() {
        return false;
    }

    @Override
    public NormalizerType getType() {
        return NormalizerType.CUSTOM;
    }
}
