package org.transfer4j.bench;

import org.transfer4j.data.image.AugmentationSpec;
import org.transfer4j.data.image.BadFilePolicy;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePipeline;
import org.transfer4j.data.image.ImagePreprocessing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.transfer4j.common.Json;
import org.transfer4j.common.Normalization;

/**
 * Benchmark main: images per second of the evaluation pipeline and of the augmented training
 * pipeline at 224x224, with 1 and 2 worker threads, printed as JSON. Uses {@code args[0]} as an image
 * folder, or generates 400 JPEGs of 500x375 (ImageNet's typical size) in a temporary folder.
 * Run with OMP_NUM_THREADS=1 (ND4J only creates the batch arrays here).
 */
public final class PipelineThroughput {
    private PipelineThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Paths.get(args[0]) : syntheticFolder(400);
        ImageFolder folder = ImageFolder.scan(root);
        ImagePreprocessing pre = new ImagePreprocessing(224, 224, 256, ImagePreprocessing.ChannelOrder.BGR,
                Normalization.meanSubtract(List.of(103.939, 116.779, 123.68)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images", folder.samples().size());
        out.put("folder", root.toString());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        for (int workers : new int[] {1, 2}) {
            out.put("evaluation_" + workers + "_threads_images_per_s", measure(folder, pre, null, workers));
            out.put("augmented_training_" + workers + "_threads_images_per_s",
                    measure(folder, pre, AugmentationSpec.standard().withErasing(0.25), workers));
            out.put("randaugment_2_9_training_" + workers + "_threads_images_per_s",
                    measure(folder, pre, AugmentationSpec.randAugment(2, 9), workers));
        }
        System.out.println(Json.write(out));
    }

    static double measure(ImageFolder folder, ImagePreprocessing pre, AugmentationSpec aug, int workers) throws IOException {
        ImagePipeline.Options o = new ImagePipeline.Options(32, 7, aug != null, BadFilePolicy.SKIP, workers, 2 * workers + 2);
        try (ImagePipeline p = ImagePipeline.of(folder, pre, aug, o)) {
            drain(p); // warm-up epoch: JIT, OpenCV, page cache
            p.reset();
            long t0 = System.nanoTime();
            int n = drain(p);
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static int drain(ImagePipeline p) {
        int n = 0;
        while (p.hasNext()) {
            n += (int) p.next().getFeatures().size(0);
        }
        return n;
    }

    /** {@code n} random-textured JPEGs of 500x375 in 4 classes. */
    static Path syntheticFolder(int n) throws IOException {
        Path root = Files.createTempDirectory("pipeline-bench");
        Random rng = new Random(1);
        for (int i = 0; i < n; i++) {
            Path dir = Files.createDirectories(root.resolve("class" + (i % 4)));
            BufferedImage img = new BufferedImage(500, 375, BufferedImage.TYPE_3BYTE_BGR);
            int base = rng.nextInt(0xffffff);
            for (int y = 0; y < 375; y++) {
                for (int x = 0; x < 500; x++) {
                    img.setRGB(x, y, base ^ ((x * 7 + y * 13 + rng.nextInt(32)) * 0x010101));
                }
            }
            ImageIO.write(img, "jpg", dir.resolve(String.format("img%04d.jpg", i)).toFile());
        }
        root.toFile().deleteOnExit();
        return root;
    }
}
