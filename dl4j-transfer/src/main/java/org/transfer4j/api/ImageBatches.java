package org.transfer4j.api;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.data.image.BadImageException;
import org.transfer4j.data.image.ImageNormalizer;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.data.image.ImageSource;
import org.transfer4j.data.image.SeededImageRecordReader;

/**
 * Reads images in batches exactly as training reads them (the same record reader and normaliser), skipping the ones
 * that are no usable image with their reason: for prediction and for unlabelled target images.
 */
final class ImageBatches {
    /** What one batch read: the usable rows (source positions {@code good}) and the reasons of the others. */
    interface Consumer {
        void accept(int from, INDArray features, int[] good, String[] errors);
    }

    private ImageBatches() {
    }

    /** Every usable image of {@code files}, read as training reads them, as one array (for a few hundred images). */
    static INDArray readAll(List<java.nio.file.Path> files, ImagePreprocessing preprocessing) {
        List<INDArray> out = new ArrayList<>();
        read(ImageSource.files(files), preprocessing, 64, (from, x, good, errors) -> {
            if (x != null) {
                out.add(x.detach());
            }
        });
        return Nd4j.concat(0, out.toArray(INDArray[]::new));
    }

    static void read(ImageSource source, ImagePreprocessing preprocessing, int batchSize, Consumer consumer) {
        SeededImageRecordReader reader = SeededImageRecordReader.builder(preprocessing).optShuffle(false).build();
        reader.initialize(source);
        ImageNormalizer normalizer = ImageNormalizer.of(preprocessing);
        for (int from = 0; from < source.size(); from += batchSize) {
            int to = Math.min(source.size(), from + batchSize);
            List<INDArray> rows = new ArrayList<>();
            List<Integer> good = new ArrayList<>();
            String[] errors = new String[to - from];
            for (int i = from; i < to; i++) {
                try {
                    rows.add(reader.read(i, 0));
                    good.add(i);
                } catch (BadImageException e) {
                    errors[i - from] = e.reason();
                }
            }
            INDArray x = null;
            if (!rows.isEmpty()) {
                // Normalised and laid out by the same normaliser the training pipeline batches go through.
                DataSet ds = new DataSet(Nd4j.concat(0, rows.toArray(INDArray[]::new)), null);
                normalizer.preProcess(ds);
                x = ds.getFeatures();
            }
            consumer.accept(from, x, good.stream().mapToInt(Integer::intValue).toArray(), errors);
        }
    }
}
