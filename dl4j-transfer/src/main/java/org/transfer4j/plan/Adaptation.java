package org.transfer4j.plan;

import java.nio.file.Files;
import java.nio.file.Path;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Domain adaptation as a {@code Transfer} option: the labelled source data is what {@code fit} gets; the target is
 * unlabelled images of the domain the model will be used on (a folder of images at any depth, or an iterator whose
 * features are images already read as the base reads them; labels, if any, are never read). The backbone stays frozen
 * at its feature cut (its activations cached as for feature extraction) and an MLP head ({@link #hidden} units) trains
 * on them with the method's extra loss for a fixed number of steps; the final model is kept.
 *
 * <pre>{@code
 * Adaptation.to(Path.of("target-photos")).method(DomainMethod.DANN).entropy(0.1)
 * }</pre>
 *
 * Defaults: {@link DomainMethod#DANN}, entropy off, AdaBN off (on for {@link DomainMethod#ADABN}), a 256-unit head,
 * the steps of the fit's epochs over the source training split. Each method's own settings are
 * {@code DomainOptions.defaults}: from the methods' papers, none chosen on target labels.
 *
 * @param evaluateOn labelled target images (a folder {@code root/<class>/<image>}) to report target accuracy on, or null
 */
public record Adaptation(DomainMethod method, Path folder, DataSetIterator iterator, double entropy, boolean adaBn, int hidden,
                         Path evaluateOn) {
    public static final int DEFAULT_HIDDEN = 256;

    public Adaptation {
        if (method == null || method == DomainMethod.ORACLE) {
            throw new IllegalArgumentException("method must be DANN, CDAN, CORAL, MMD, JAN, ADABN or SOURCE_ONLY, got " + method
                    + " (the oracle needs target labels: fit on them)");
        }
        if ((folder == null) == (iterator == null)) {
            throw new IllegalArgumentException("the unlabelled target images come from a folder or an iterator, one of them");
        }
        if (!(entropy >= 0) || Double.isInfinite(entropy)) {
            throw new IllegalArgumentException("entropy must be a weight >= 0, got " + entropy);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden must be >= 1 unit, got " + hidden);
        }
    }

    /** Adapts to the images under {@code folder} (any depth; sub-folders, if any, are not read as labels). */
    public static Adaptation to(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("target folder " + folder + " is not a directory: give the folder of"
                    + " unlabelled images from the domain the model will be used on");
        }
        return new Adaptation(DomainMethod.DANN, folder, null, 0, false, DEFAULT_HIDDEN, null);
    }

    /** Adapts to the images of {@code unlabelled} (features only, read as the base reads images). */
    public static Adaptation to(DataSetIterator unlabelled) {
        if (unlabelled == null) {
            throw new IllegalArgumentException("the target iterator must not be null");
        }
        return new Adaptation(DomainMethod.DANN, null, unlabelled, 0, false, DEFAULT_HIDDEN, null);
    }

    /**
     * DANN (default), CDAN, CORAL, MMD, JAN or ADABN; or SOURCE_ONLY, the baseline: the same head and steps on the source data
     * alone (the target images are not read), what an adaptation is measured against.
     */
    public Adaptation method(DomainMethod m) {
        return new Adaptation(m, folder, iterator, entropy, adaBn || m == DomainMethod.ADABN, hidden, evaluateOn);
    }

    /** Adds the entropy of the target predictions, times {@code weight}, to the loss (0 = off, the default). */
    public Adaptation entropy(double weight) {
        return new Adaptation(method, folder, iterator, weight, adaBn, hidden, evaluateOn);
    }

    /** Also recomputes the backbone's BatchNorm statistics on the target images (AdaBN); always on for ADABN. */
    public Adaptation adaBn(boolean on) {
        return new Adaptation(method, folder, iterator, entropy, on || method == DomainMethod.ADABN, hidden, evaluateOn);
    }

    /** Units of the head's hidden layer, where the features are aligned (default {@value #DEFAULT_HIDDEN}). */
    public Adaptation hidden(int units) {
        return new Adaptation(method, folder, iterator, entropy, adaBn, units, evaluateOn);
    }

    /** Reports accuracy on these labelled target images too ({@code root/<class>/<image>}); never used for training. */
    public Adaptation evaluateOn(Path labelledTargetFolder) {
        if (labelledTargetFolder == null || !Files.isDirectory(labelledTargetFolder)) {
            throw new IllegalArgumentException("evaluateOn: " + labelledTargetFolder + " is not a directory of class folders");
        }
        return new Adaptation(method, folder, iterator, entropy, adaBn, hidden, labelledTargetFolder);
    }

    public String describe() {
        return method.label() + (entropy > 0 ? " + entropy " + entropy : "") + (adaBn && method != DomainMethod.ADABN
                ? " + AdaBN" : "") + " to " + (folder != null ? folder.toString() : "an iterator of target images");
    }
}
