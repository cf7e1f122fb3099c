package org.transfer4j.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.image.ResizeBilinear;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.transfer4j.data.image.ImagePreprocessing;

/**
 * Grey 28 x 28 images (one flattened image per row, pixels in [0,1]) as a colour network's input: resized
 * bilinearly to {@code size} x {@code size} (half-pixel centres, as TensorFlow's and OpenCV's resizes),
 * the grey value copied to every channel, each channel normalised as the catalogue entry says, in the
 * layout the network takes.
 */
public final class GreyImageInput {
    private GreyImageInput() {
    }

    public static INDArray of(INDArray flat, int side, int size, ImagePreprocessing pre) {
        long n = flat.size(0);
        // dup(): ND4J's resize op reads a view's buffer from its start, ignoring the view's offset, so
        // every batch but the first came out as the first batch's images (measured: M2.1, CPU).
        INDArray grey = flat.reshape(n, side, side, 1).dup();
        INDArray resized = Nd4j.create(DataType.FLOAT, n, size, size, 1);
        Nd4j.exec(new ResizeBilinear(grey, resized, size, size, false, true));
        int channels = pre.channels();
        // Each channel written into its strided view of one channels-last array: ND4J's concat along the last axis
        // (of 96 x 96 x 1 planes) took 210 of 261 profiler samples of this method in the pretrained study.
        INDArray nhwc = Nd4j.createUninitialized(DataType.FLOAT, n, size, size, channels);
        for (int c = 0; c < channels; c++) {
            // Every normalisation is affine in the raw pixel value (0..255): a * raw + b.
            double b = pre.apply(0, c);
            double a = pre.apply(1, c) - b;
            nhwc.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(c, c + 1))
                    .assign(resized).muli(255 * a).addi(b);
        }
        return pre.layout() == ImagePreprocessing.Layout.NHWC ? nhwc : nhwc.permute(0, 3, 1, 2).dup();
    }
}
