package org.transfer4j.data.image;

import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;

/** Labelled images that can be decoded one at a time, from any thread. */
public interface ImageSource {
    int size();

    int label(int i);

    List<String> classes();

    /** A name for messages and skip lists (a file path, or "fashion-mnist train #123"). */
    String name(int i);

    /** The i-th image as 8-bit BGR; the caller closes it. */
    Mat decode(int i) throws BadImageException;

    /** Image files to read in this order, unlabelled (label 0 of one class "?"), decoded as an image folder's are. */
    static ImageSource files(List<java.nio.file.Path> files) {
        return new FileListSource(List.copyOf(files), new int[files.size()], List.of("?"));
    }

    /**
     * Images in memory, unlabelled, named {@code names} in messages: decoded pixel for pixel as the same image saved as
     * PNG ({@link ImageDecoder#bgr}).
     */
    static ImageSource images(List<java.awt.image.BufferedImage> images, List<String> names) {
        if (images.size() != names.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + names.size() + " names");
        }
        List<java.awt.image.BufferedImage> copy = new java.util.ArrayList<>(images); // List.copyOf refuses a null image
        List<String> n = List.copyOf(names);
        return new ImageSource() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public int label(int i) {
                return 0;
            }

            @Override
            public List<String> classes() {
                return List.of("?");
            }

            @Override
            public String name(int i) {
                return n.get(i);
            }

            @Override
            public Mat decode(int i) throws BadImageException {
                return ImageDecoder.bgr(copy.get(i), n.get(i));
            }
        };
    }
}
