package org.transfer4j.data.image;

import java.nio.file.Path;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;

/** Image files with their labels, decoded by {@link ImageDecoder}. */
record FileListSource(List<Path> files, int[] labels, List<String> classes) implements ImageSource {
    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public String name(int i) {
        return files.get(i).toString();
    }

    @Override
    public Mat decode(int i) throws BadImageException {
        return ImageDecoder.decodeBgr(files.get(i));
    }
}
