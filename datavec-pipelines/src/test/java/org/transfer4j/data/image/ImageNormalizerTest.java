package org.transfer4j.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerType;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Normalization;

/** The catalogue preprocessing as a DataNormalization: each value as {@code Normalization.apply} says, and the layout. */
class ImageNormalizerTest {
    static final ImagePreprocessing IMAGENET = new ImagePreprocessing(4, 5, 5, ImagePreprocessing.ChannelOrder.RGB,
            new Normalization(Normalization.Kind.MEAN_STD, 255, List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225), null));

    static INDArray pixels(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, shape).muli(255);
    }

    @Test
    void everyValueIsTheNormalisationOfItsPixel() {
        INDArray raw = pixels(1, 2, 3, 4, 5);
        INDArray x = raw.dup();
        ImageNormalizer.of(IMAGENET).transform(x);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < 4; h++) {
                    for (int w = 0; w < 5; w++) {
                        double expected = IMAGENET.apply(raw.getDouble(n, c, h, w), c);
                        assertEquals(expected, x.getDouble(n, c, h, w), 1e-4, n + "," + c + "," + h + "," + w);
                    }
                }
            }
        }
        ImageNormalizer.of(IMAGENET).revertFeatures(x);
        assertEquals(0, x.sub(raw).amaxNumber().doubleValue(), 1e-3, "revert gives the pixels back");
    }

    @Test
    void channelsLastNetworksGetNhwcBatches() {
        INDArray raw = pixels(2, 2, 3, 4, 5);
        DataSet ds = new DataSet(raw.dup(), Nd4j.zeros(DataType.FLOAT, 2, 2));
        ImageNormalizer nhwc = ImageNormalizer.of(IMAGENET.withLayout(ImagePreprocessing.Layout.NHWC));
        nhwc.preProcess(ds);
        assertArrayEquals(new long[] {2, 4, 5, 3}, ds.getFeatures().shape());
        assertEquals(IMAGENET.apply(raw.getDouble(1, 2, 3, 4), 2), ds.getFeatures().getDouble(1, 3, 4, 2), 1e-4);
        assertEquals(IMAGENET.apply(raw.getDouble(0, 0, 1, 2), 0), ds.getFeatures().getDouble(0, 1, 2, 0), 1e-4);
        nhwc.revert(ds);
        assertArrayEquals(new long[] {2, 3, 4, 5}, ds.getFeatures().shape());
        assertEquals(0, ds.getFeatures().sub(raw).amaxNumber().doubleValue(), 1e-3);
        DataSet nchw = new DataSet(raw.dup(), Nd4j.zeros(DataType.FLOAT, 2, 2));
        ImageNormalizer.of(IMAGENET).transform(nchw);
        assertArrayEquals(new long[] {2, 3, 4, 5}, nchw.getFeatures().shape());
        ImageNormalizer.of(IMAGENET).revert(nchw);
        assertEquals(0, nchw.getFeatures().sub(raw).amaxNumber().doubleValue(), 1e-3);
    }

    @Test
    void greyAndMeanSubtractionAndScaling() {
        ImagePreprocessing grey = new ImagePreprocessing(2, 2, 2, ImagePreprocessing.ChannelOrder.GREY, Normalization.scaleTo(-1, 1));
        INDArray g = Nd4j.create(new float[] {0, 255, 127.5f, 51}, new long[] {1, 1, 2, 2}, DataType.FLOAT);
        ImageNormalizer.of(grey).transform(g, null);
        assertArrayEquals(new float[] {-1, 1, 0, -0.6f}, g.data().asFloat(), 1e-6f);
        ImagePreprocessing vgg = new ImagePreprocessing(1, 1, 1, ImagePreprocessing.ChannelOrder.BGR,
                Normalization.meanSubtract(List.of(103.939, 116.779, 123.68)));
        INDArray v = Nd4j.create(new float[] {100, 100, 100}, new long[] {1, 3, 1, 1}, DataType.FLOAT);
        ImageNormalizer.of(vgg).transform(v);
        assertArrayEquals(new float[] {-3.939f, -16.779f, -23.68f}, v.data().asFloat(), 1e-4f);
        ImageNormalizer.of(vgg).revertFeatures(v, null);
        assertArrayEquals(new float[] {100, 100, 100}, v.data().asFloat(), 1e-4f);
    }

    @Test
    void refusesOtherShapesAndHasNothingToFit() {
        ImageNormalizer n = ImageNormalizer.of(IMAGENET);
        assertThrows(IllegalArgumentException.class, () -> n.transform(Nd4j.zeros(DataType.FLOAT, 2, 4, 5, 3)));
        assertThrows(IllegalArgumentException.class, () -> n.transform(Nd4j.zeros(DataType.FLOAT, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> ImageNormalizer.of(null));
        assertThrows(UnsupportedOperationException.class, () -> n.fitLabel(true));
        n.fitLabel(false);
        assertFalse(n.isFitLabel());
        assertEquals(NormalizerType.CUSTOM, n.getType());
        assertSame(IMAGENET, n.preprocessing());
        INDArray labels = Nd4j.ones(DataType.FLOAT, 2, 3);
        n.transformLabel(labels);
        n.revertLabels(labels);
        assertEquals(6, labels.sumNumber().intValue(), "labels are left alone");
        DataSet ds = new DataSet(pixels(3, 1, 3, 4, 5), labels);
        INDArray before = ds.getFeatures().dup();
        n.fit(ds);
        assertEquals(before, ds.getFeatures(), "fit changes nothing");
    }

    @Test
    void theErasingFillIsThePixelThatNormalisesToZero() {
        // ImageNet mean (R, G, B) = 0.485, 0.456, 0.406 of 255, given in B, G, R order.
        assertArrayEquals(new int[] {104, 116, 124}, IMAGENET.zeroPixelBgr());
        assertArrayEquals(new int[] {0, 0, 0}, ImagePreprocessing.unitRgb(8).zeroPixelBgr());
        ImagePreprocessing vgg = new ImagePreprocessing(1, 1, 1, ImagePreprocessing.ChannelOrder.BGR,
                Normalization.meanSubtract(List.of(103.939, 116.779, 123.68)));
        assertArrayEquals(new int[] {104, 117, 124}, vgg.zeroPixelBgr());
        ImagePreprocessing grey = new ImagePreprocessing(1, 1, 1, ImagePreprocessing.ChannelOrder.GREY, Normalization.scaleTo(-1, 1));
        assertArrayEquals(new int[] {128, 128, 128}, grey.zeroPixelBgr());
        assertEquals(2.0 / 255, grey.slope(0), 1e-12);
        assertEquals(-1, grey.offset(0), 1e-12);
    }
}
