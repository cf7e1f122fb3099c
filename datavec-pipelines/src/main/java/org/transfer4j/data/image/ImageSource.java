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
}
