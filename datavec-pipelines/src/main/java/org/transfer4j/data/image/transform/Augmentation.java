package org.transfer4j.data.image.transform;

import java.util.List;
import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;
import org.datavec.image.transform.ImageTransform;
import org.datavec.image.transform.PipelineImageTransform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DataVec image transforms applied in order, every one drawing from the one generator handed to
 * {@link #transform(ImageWritable, Random)}: the project's {@link SeededImageTransform}s and DataVec's
 * own transforms (which also take the generator they are given) mix freely. Transforms that are not
 * {@code SeededImageTransform}s may keep state (DataVec's keep a frame converter in a field), so each is
 * called by one thread at a time.
 *
 * <p>A DataVec {@link PipelineImageTransform} cannot be made reproducible per sample: it decides which
 * transforms run from ND4J's global generator, which it re-seeds when built, and shuffles with an
 * unseeded one. It is accepted with a warning that says so; it is not silently re-seeded.
 */
public final class Augmentation extends BaseImageTransform<Mat> {
    private static final Logger LOG = LoggerFactory.getLogger(Augmentation.class);
    private final List<ImageTransform> steps;

    private Augmentation(List<ImageTransform> steps, long seed) {
        super(new Random(seed));
        this.steps = List.copyOf(steps);
        this.steps.forEach(Augmentation::warnIfNotReproducible);
    }

    /** The transforms in order; called with one argument, draws come from a generator seeded with 0. */
    public static Augmentation of(ImageTransform... steps) {
        return new Augmentation(List.of(steps), 0);
    }

    public static Augmentation of(List<ImageTransform> steps, long seed) {
        return new Augmentation(steps, seed);
    }

    public List<ImageTransform> steps() {
        return steps;
    }

    /** True (with a logged warning) when {@code t}'s draws cannot follow the generator it is given. */
    public static boolean warnIfNotReproducible(ImageTransform t) {
        if (t instanceof PipelineImageTransform) {
            LOG.warn("{} is not reproducible per sample: DataVec's PipelineImageTransform picks its transforms with "
                    + "ND4J's global random generator (re-seeded when it was built) and shuffles them unseeded, so "
                    + "results depend on thread timing and it changes ND4J's generator. Pass its transforms to "
                    + "Augmentation.of(...) instead (with RandomApply-style probabilities inside your own transforms).",
                    t);
            return true;
        }
        return false;
    }

    @Override
    protected ImageWritable doTransform(ImageWritable image, Random rng) {
        ImageWritable cur = image;
        for (ImageTransform t : steps) {
            if (t instanceof SeededImageTransform || t instanceof Augmentation) {
                cur = t.transform(cur, rng);
            } else {
                synchronized (t) {
                    cur = t.transform(cur, rng);
                }
            }
        }
        return cur;
    }
}
