package org.transfer4j.data.image;

import java.nio.file.Path;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;

/** Images of one part of a split (or a whole folder), decoded from files under {@code root}. */
public record FolderSource(Path root, List<String> classes, List<ImageFolder.Sample> samples) implements ImageSource {
    public static FolderSource of(ImageFolder folder) {
        return new FolderSource(folder.root(), folder.classes(), folder.samples());
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public int label(int i) {
        return samples.get(i).label();
    }

    @Override
    public String name(int i) {
        return root.resolve(samples.get(i).path()).toString();
    }

    @Override
    public Mat decode(int i) throws BadImageException {
        return ImageDecoder.decodeBgr(root.resolve(samples.get(i).path()));
    }
}
