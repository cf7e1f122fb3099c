package org.transfer4j.data.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.util.Arrays;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.fashion.LabelledImages;

/**
 * Fashion-MNIST (or any view of it) through the image pipeline: the 28x28 grey images become BGR
 * matrices, so the same preprocessing can resize them to a zoo model's input and give them 3 channels.
 */
public record FashionMnistSource(LabelledImages images) implements ImageSource {
    @Override
    public int size() {
        return images.size();
    }

    @Override
    public int label(int i) {
        return images.label(i);
    }

    @Override
    public List<String> classes() {
        return Arrays.stream(images.classes()).mapToObj(FashionMnist::className).toList();
    }

    @Override
    public String name(int i) {
        return "fashion-mnist " + images.kind().name().toLowerCase() + " #" + images.sourceRow(i);
    }

    @Override
    public Mat decode(int i) {
        byte[] px = images.pixels(i);
        try (BytePointer data = new BytePointer(px); Mat grey = new Mat(images.height(), images.width(), CV_8UC1, data)) {
            Mat bgr = new Mat();
            cvtColor(grey, bgr, COLOR_GRAY2BGR);
            return bgr;
        }
    }
}
