package org.transfer4j.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deeplearning4j.nn.api.Model;
import org.transfer4j.common.Normalization;
import org.transfer4j.common.Sha256;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.data.image.PreprocessingRecord;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.transfer.plan.NetworkLayout;
import org.transfer4j.zoo.Anatomy;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.LoadedModel;
import org.transfer4j.zoo.PretrainedModels;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.zoo.keras.KerasArchive;
import org.transfer4j.zoo.keras.KerasArchiveImport;
import org.transfer4j.zoo.keras.KerasFileInfo;
import org.transfer4j.zoo.keras.KerasImport;
import org.transfer4j.zoo.keras.KerasOptions;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.zoo.source.HttpModelSource;
import org.transfer4j.zoo.source.MirrorDirectorySource;
import org.transfer4j.zoo.tfjs.TfjsImport;
import org.transfer4j.zoo.tfjs.TfjsModel;
import java.util.List;


/**
 * A plan's base, loaded: the network, its named vertices, the SHA-256 of its weights (the featurize
 * cache and the export manifest key on it) and the preprocessing its weights expect.
 *
 * @param weightsSha256 of the weight file; for an {@code architecture:} base, "init:NAME:seed=S" (no file)
 * @param preprocessing null when unknown (a Keras file, a zip without a preprocessing record)
 */
public record BaseModel(Model network, VertexNames names, String weightsSha256, ImagePreprocessing preprocessing,
                        List<String> frozenInFile) {

    /**
     * @param frozenInFile the layers the file marks {@code trainable: false} (Keras, TF.js; empty when the file says
     *                     none or has no such flags): what {@link Strategy.KeepFileFreezing} keeps frozen
     */
    public BaseModel {
        frozenInFile = frozenInFile == null ? List.of() : List.copyOf(frozenInFile);
    }

    public BaseModel(Model network, VertexNames names, String weightsSha256, ImagePreprocessing preprocessing) {
        this(network, names, weightsSha256, preprocessing, List.of());
    }

    /** This base with a {@link Strategy.KeepFileFreezing} strategy's open list filled in from the file. */
    public Strategy resolve(Strategy s) {
        if (s instanceof Strategy.KeepFileFreezing k && k.frozen() == null) {
            // An empty list is refused by the record, with what to choose instead.
            return new Strategy.KeepFileFreezing(frozenInFile, k.backboneRateFactor());
        }
        return s;
    }

    /**
     * @param namesFrom catalogue model id or architecture name giving the vertex names of a Keras or
     *                  saved base (their files do not say which vertex is the feature); ignored otherwise
     * @param mirror    directory mirroring the catalogue's weight paths (offline use), or null for HTTP + cache
     */
    public static BaseModel load(Base base, String namesFrom, Path mirror, long seed) throws IOException {
        return load(base, null, namesFrom, mirror, seed);
    }

    /**
     * As {@link #load(Base, String, Path, long)}, with the vertex names given outright
     * ({@code names}, taking precedence over the catalogue and {@code namesFrom}) when not null.
     */
    public static BaseModel load(Base base, VertexNames names, String namesFrom, Path mirror, long seed)
            throws IOException {
        CpuHelpers.ensureConfigured(); // DL4J picks its layer implementations when the layers are made
        BaseModel m = loadWith(base, namesFrom, names == null, mirror, seed);
        return names == null ? m : new BaseModel(m.network(), names, m.weightsSha256(), m.preprocessing(), m.frozenInFile());
    }

    /** With {@code needNames} false a Keras or saved base needs no names from the catalogue (the caller has them). */
    private static BaseModel loadWith(Base base, String namesFrom, boolean needNames, Path mirror, long seed)
            throws IOException {
        Catalogue catalogue = Catalogue.builtIn();
        return switch (base.kind()) {
            case CATALOGUE -> {
                ModelEntry e = catalogue.model(base.ref());
                LoadedModel m = new PretrainedModels(catalogue, mirror != null ? new MirrorDirectorySource(mirror)
                        : HttpModelSource.defaults(catalogue.baseUri())).load(e.id());
                ImagePreprocessing pre = e.preprocessing() == null ? null : CataloguePreprocessing.of(e);
                if (pre != null && NetworkLayout.isChannelsLast(m.network())) {
                    pre = pre.withLayout(ImagePreprocessing.Layout.NHWC); // TF.js and Keras networks take channels last
                }
                List<String> frozen = "tfjs".equals(e.format()) ? KerasFileInfo.of(TfjsModel.read(m.file()).modelTopology()
                        .get("model_config"), false, "").frozenInFile() : List.of();
                yield new BaseModel(m.network(), names(e), m.sha256(), pre, frozen);
            }
            case ARCHITECTURE -> {
                Architecture a = catalogue.architecture(base.ref());
                yield new BaseModel(Architectures.build(a, seed), VertexNames.of(a), "init:" + a.name() + ":seed=" + seed,
                        defaultPreprocessing(a.inputShape()));
            }
            case KERAS -> {
                Path f = existing(base.ref());
                if (KerasArchive.isKerasArchive(f)) {
                    yield kerasArchive(f, catalogue, namesFrom, needNames, base);
                }
                Model net = KerasImport.load(f, KerasOptions.defaults());
                KerasFileInfo info = KerasFileInfo.of(f);
                List<Integer> shape = info.inputShape();
                yield new BaseModel(net, needNames ? namesFor(catalogue, namesFrom, base, net, shape) : null, Sha256.of(f),
                        shape == null ? null : imageInput(net, shape), info.frozenInFile());
            }
            case TFJS -> {
                TfjsModel m = TfjsModel.read(Path.of(base.ref()));
                Model net = TfjsImport.load(m, KerasOptions.defaults());
                KerasFileInfo info = KerasFileInfo.of(m.modelTopology().get("model_config"), false, "");
                List<Integer> shape = info.inputShape();
                yield new BaseModel(net, needNames ? namesFor(catalogue, namesFrom, base, net, shape) : null, m.sha256(),
                        shape == null ? null : imageInput(net, shape), info.frozenInFile());
            }
            case SAVED -> {
                Path f = existing(base.ref());
                Model net;
                net = org.transfer4j.zoo.SavedModels.load(f, false);
                ImagePreprocessing pre = null;
                try {
                    pre = PreprocessingRecord.readFrom(f).preprocessing();
                } catch (IOException noRecord) {
                    // a zip written by DL4J itself: the caller supplies the preprocessing
                }
                List<Integer> shape = pre == null ? null : List.of(pre.channels(), pre.height(), pre.width());
                yield new BaseModel(net, needNames ? namesFor(catalogue, namesFrom, base, net, shape) : null, Sha256.of(f), pre);
            }
        };
    }

    /**
     * A Keras 3 {@code .keras} file: its Rescaling / Normalization layers at the input, taken out of the network, are
     * the preprocessing record's normalisation, so the image pipeline does not scale twice.
     */
    private static BaseModel kerasArchive(Path f, Catalogue catalogue, String namesFrom, boolean needNames, Base base)
            throws IOException {
        KerasArchiveImport.Imported k = KerasArchiveImport.load(f, KerasOptions.defaults());
        List<Integer> shape = k.info().inputShape();
        ImagePreprocessing pre = shape == null ? null : imageInput(k.network(), shape);
        if (pre != null && k.preprocessing() != null) {
            pre = new ImagePreprocessing(pre.height(), pre.width(), pre.resizeShorter(), pre.channelOrder(), k.preprocessing(),
                    pre.layout());
        }
        return new BaseModel(k.network(), needNames ? namesFor(catalogue, namesFrom, base, k.network(), shape) : null,
                Sha256.of(f), pre, k.info().frozenInFile());
    }

    private static VertexNames names(ModelEntry e) {
        if (e.featureVertex() == null || e.classifierVertex() == null) {
            throw new IllegalArgumentException(e.id() + " has no feature / classifier vertex in the catalogue (upstream"
                    + " does not document them); inspect the file (transfer4j.sh inspect " + e.id()
                    + ") and load it as saved:FILE with --names-from");
        }
        return VertexNames.of(e);
    }

    /** Names from {@code namesFrom} when given, else found from the network. */
    private static VertexNames namesFor(Catalogue c, String namesFrom, Base base, Model net, List<Integer> shape) {
        if (namesFrom == null) {
            try {
                return discover(net, shape, "base " + base);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("base " + base + ": its feature vertex, classifier and blocks could not be"
                        + " found from the network (" + e.getMessage() + "); give them (Transfer.names) or a catalogue model"
                        + " or architecture they follow (namesFrom, --names-from; known models: "
                        + c.models().stream().map(ModelEntry::id).toList() + ")", e);
            }
        }
        if (c.models().stream().anyMatch(m -> m.id().equals(namesFrom))) {
            return names(c.model(namesFrom));
        }
        return VertexNames.of(c.architecture(namesFrom));
    }

    /** The names found from the network itself ({@link Anatomy}), for a file without a catalogue entry. */
    static VertexNames discover(Model net, List<Integer> inputShape, String what) {
        if (inputShape == null) {
            throw new IllegalArgumentException(what + " declares no image input shape [height, width, channels]; give its"
                    + " vertex names explicitly (Transfer.names, --names-from)");
        }
        Anatomy a = Anatomy.discover(net);
        return new VertexNames(inputShape, a.feature(), a.classifier(), a.blocks());
    }

    private static Path existing(String ref) throws IOException {
        Path f = Path.of(ref);
        if (!Files.isRegularFile(f)) {
            throw new java.io.FileNotFoundException("base file " + f.toAbsolutePath() + " does not exist");
        }
        return f;
    }

    /** A Keras or TF.js image model's input: [0,1] scaling, RGB, in the layout the network takes. */
    private static ImagePreprocessing imageInput(Model net, List<Integer> shape) {
        ImagePreprocessing p = defaultPreprocessing(shape);
        return NetworkLayout.isChannelsLast(net) ? p.withLayout(ImagePreprocessing.Layout.NHWC) : p;
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
