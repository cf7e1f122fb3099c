package org.transfer4j.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.core.util.ModelGuesser;
import org.transfer4j.common.Normalization;
import org.transfer4j.common.Sha256;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.data.image.PreprocessingRecord;
import org.transfer4j.transfer.plan.TransferPlan;
import org.transfer4j.transfer.plan.VertexNames;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.LoadedModel;
import org.transfer4j.zoo.PretrainedModels;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.zoo.keras.KerasImport;
import org.transfer4j.zoo.keras.KerasOptions;
import org.transfer4j.zoo.source.HttpModelSource;
import org.transfer4j.zoo.source.MirrorDirectorySource;

/**
 * A plan's base, loaded: the network, its named vertices, the SHA-256 of its weights (the featurize
 * cache and the export manifest key on it) and the preprocessing its weights expect.
 *
 * @param weightsSha256 of the weight file; for an {@code architecture:} base, "init:NAME:seed=S" (no file)
 * @param preprocessing null when unknown (a Keras file, a zip without a preprocessing record)
 */
public record BaseModel(Model network, VertexNames names, String weightsSha256, ImagePreprocessing preprocessing) {

    /**
     * @param namesFrom catalogue model id or architecture name giving the vertex names of a Keras or
     *                  saved base (their files do not say which vertex is the feature); ignored otherwise
     * @param mirror    directory mirroring the catalogue's weight paths (offline use), or null for HTTP + cache
     */
    public static BaseModel load(TransferPlan.Base base, String namesFrom, Path mirror, long seed) throws IOException {
        Catalogue catalogue = Catalogue.builtIn();
        return switch (base.kind()) {
            case CATALOGUE -> {
                ModelEntry e = catalogue.model(base.ref());
                LoadedModel m = new PretrainedModels(catalogue, mirror != null ? new MirrorDirectorySource(mirror)
                        : HttpModelSource.defaults(catalogue.baseUri())).load(e.id());
                yield new BaseModel(m.network(), names(e), m.sha256(), e.preprocessing() == null ? null : CataloguePreprocessing.of(e));
            }
            case ARCHITECTURE -> {
                Architecture a = catalogue.architecture(base.ref());
                yield new BaseModel(Architectures.build(a, seed), VertexNames.of(a), "init:" + a.name() + ":seed=" + seed,
                        defaultPreprocessing(a.inputShape()));
            }
            case KERAS -> {
                Path f = existing(base.ref());
                yield new BaseModel(KerasImport.load(f, KerasOptions.defaults()), namesFrom(catalogue, namesFrom, base),
                        Sha256.of(f), null);
            }
            case SAVED -> {
                Path f = existing(base.ref());
                Model net;
                try {
                    net = ModelGuesser.loadModelGuess(f.toString());
                } catch (Exception e) {
                    throw new IOException(f + " is not a DL4J model zip (" + e.getMessage() + ")", e);
                }
                ImagePreprocessing pre = null;
                try {
                    pre = PreprocessingRecord.readFrom(f).preprocessing();
                } catch (IOException noRecord) {
                    // a zip written by DL4J itself: the caller supplies the preprocessing
                }
                yield new BaseModel(net, namesFrom(catalogue, namesFrom, base), Sha256.of(f), pre);
            }
        };
    }

    private static VertexNames names(ModelEntry e) {
        if (e.featureVertex() == null || e.classifierVertex() == null) {
            throw new IllegalArgumentException(e.id() + " has no feature / classifier vertex in the catalogue (upstream"
                    + " does not document them); inspect the file (transfer4j.sh inspect " + e.id()
                    + ") and load it as saved:FILE with --names-from");
        }
        return VertexNames.of(e);
    }

    private static VertexNames namesFrom(Catalogue c, String namesFrom, TransferPlan.Base base) {
        if (namesFrom == null) {
            throw new IllegalArgumentException("base " + base + " needs --names-from: a catalogue model id or architecture"
                    + " whose feature / classifier vertices and blocks apply to it (known models: "
                    + c.models().stream().map(ModelEntry::id).toList() + ")");
        }
        if (c.models().stream().anyMatch(m -> m.id().equals(namesFrom))) {
            return names(c.model(namesFrom));
        }
        return VertexNames.of(c.architecture(namesFrom));
    }

    private static Path existing(String ref) throws IOException {
        Path f = Path.of(ref);
        if (!Files.isRegularFile(f)) {
            throw new java.io.FileNotFoundException("base file " + f.toAbsolutePath() + " does not exist");
        }
        return f;
    }

    /** [0,1] scaling at the architecture's input size; grey for one channel. */
    public static ImagePreprocessing defaultPreprocessing(java.util.List<Integer> shape) {
        int h = shape.get(1);
        int w = shape.get(2);
        return new ImagePreprocessing(h, w, ImagePreprocessing.defaultResizeShorter(Math.min(h, w)),
                shape.get(0) == 1 ? ImagePreprocessing.ChannelOrder.GREY : ImagePreprocessing.ChannelOrder.RGB,
                Normalization.scaleTo(0, 1));
    }
}
