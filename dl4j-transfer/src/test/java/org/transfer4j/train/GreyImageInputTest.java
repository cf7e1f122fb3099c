package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.transfer4j.common.Normalization;
import org.transfer4j.data.image.ImagePreprocessing;

class GreyImageInputTest {
    private static final ImagePreprocessing UNIT_NHWC = ImagePreprocessing.unitRgb(8).withLayout(ImagePreprocessing.Layout.NHWC);

    /** Three 2 x 2 images, row-major, each constant but for one pixel. */
    private static INDArray images() {
        return Nd4j.create(new float[][] {{0.2f, 0.2f, 0.2f, 1f}, {0.5f, 0.5f, 0.5f, 0.5f}, {0f, 0.25f, 0.5f, 0.75f}});
    }

    @Test
    void sameSizeCopiesTheGreyValueToEveryChannelInTheNetworksLayout() {
        INDArray x = GreyImageInput.of(images(), 2, 2, UNIT_NHWC);
        assertArrayEquals(new long[] {3, 2, 2, 3}, x.shape());
        for (int c = 0; c < 3; c++) {
            // Scale [0,1] of raw 0..255: the stored [0,1] value comes back (resize to the same size is the identity).
            assertEquals(1f, x.getFloat(0, 1, 1, c), 1e-6);
            assertEquals(0.2f, x.getFloat(0, 0, 0, c), 1e-6);
            assertEquals(0.75f, x.getFloat(2, 1, 1, c), 1e-6);
            assertEquals(0.25f, x.getFloat(2, 0, 1, c), 1e-6);
        }
        INDArray nchw = GreyImageInput.of(images(), 2, 2, UNIT_NHWC.withLayout(ImagePreprocessing.Layout.NCHW));
        assertArrayEquals(new long[] {3, 3, 2, 2}, nchw.shape());
        assertEquals(0.25f, nchw.getFloat(2, 1, 0, 1), 1e-6);
    }

    @Test
    void upscalingAConstantImageKeepsItsValueAndABatchViewIsItsOwnImages() {
        INDArray x = GreyImageInput.of(images(), 2, 6, UNIT_NHWC);
        assertArrayEquals(new long[] {3, 6, 6, 3}, x.shape());
        assertEquals(0.5, x.get(NDArrayIndex.point(1)).minNumber().doubleValue(), 1e-6);
        assertEquals(0.5, x.get(NDArrayIndex.point(1)).maxNumber().doubleValue(), 1e-6);
        // Bilinear with half-pixel centres: the corner pixel of a 2 -> 6 upscale is the source corner.
        assertEquals(1f, x.getFloat(0, 5, 5, 0), 1e-6);
        assertEquals(0.2f, x.getFloat(0, 0, 0, 0), 1e-6);
        // A view of rows 1..2 (a batch taken from a larger array) gives those rows' images, not rows 0..1.
        INDArray view = images().get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        assertEquals(x.get(NDArrayIndex.interval(1, 3)), GreyImageInput.of(view, 2, 6, UNIT_NHWC));
    }

    @Test
    void eachChannelIsNormalisedAsTheCatalogueSays() {
        ImagePreprocessing meanStd = new ImagePreprocessing(2, 2, 2, ImagePreprocessing.ChannelOrder.RGB,
                new Normalization(Normalization.Kind.MEAN_STD, 1, List.of(100.0, 120.0, 140.0), List.of(50.0, 60.0, 70.0), null),
                ImagePreprocessing.Layout.NHWC);
        INDArray x = GreyImageInput.of(images(), 2, 2, meanStd);
        double raw = 0.5 * 255;
        assertEquals((raw - 100) / 50, x.getDouble(1, 0, 0, 0), 1e-4);
        assertEquals((raw - 120) / 60, x.getDouble(1, 0, 0, 1), 1e-4);
        assertEquals((raw - 140) / 70, x.getDouble(1, 0, 0, 2), 1e-4);
        assertEquals(DataType.FLOAT, x.dataType());
    }
}
