package org.transfer4j.zoo.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.zoo.Anatomy;
import org.transfer4j.zoo.keras.KerasFileInfo;
import org.transfer4j.zoo.keras.KerasImport;
import org.transfer4j.zoo.tfjs.TfjsImport;
import org.transfer4j.zoo.tfjs.TfjsModel;
import org.transfer4j.zoo.keras.KerasOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Builds a {@link ModelSummary} of a ComputationGraph or MultiLayerNetwork. */
public final class Inspector {
    private Inspector() {
    }

    /**
     * @param inputType the network input, for output shapes; null to leave shapes out
     */
    public static ModelSummary summarize(String label, Model model, InputType inputType, List<String> blocks) {
        List<ModelSummary.Row> rows = new ArrayList<>();
        if (model instanceof ComputationGraph g) {
            Map<String, InputType> types = inputType == null ? Map.of()
                    : g.getConfiguration().getLayerActivationTypes(inputType);
            for (String name : g.getConfiguration().getTopologicalOrderStr()) {
                GraphVertex v = g.getVertex(name);
                List<String> inputs = g.getConfiguration().getVertexInputs().getOrDefault(name, List.of());
                boolean frozen = v.hasLayer() && v.getLayer() instanceof org.deeplearning4j.nn.layers.FrozenLayer
                        || v instanceof org.deeplearning4j.nn.graph.vertex.impl.FrozenVertex;
                rows.add(new ModelSummary.Row(name, typeOf(g, name, v), shape(types.get(name)), v.numParams(), frozen, inputs));
            }
        } else if (model instanceof MultiLayerNetwork n) {
            List<InputType> types = inputType == null ? List.of()
                    : n.getLayerWiseConfigurations().getLayerActivationTypes(inputType);
            for (int i = 0; i < n.getnLayers(); i++) {
                var layer = n.getLayer(i);
                Layer conf = layer.conf().getLayer();
                String name = conf.getLayerName() == null ? Integer.toString(i) : conf.getLayerName();
                boolean frozen = layer instanceof org.deeplearning4j.nn.layers.FrozenLayer;
                rows.add(new ModelSummary.Row(name, simple(conf), i < types.size() ? shape(types.get(i)) : "",
                        layer.numParams(), frozen, List.of(i == 0 ? "input" : rows.get(i - 1).name())));
            }
        } else {
            throw new IllegalArgumentException("cannot inspect a " + model.getClass().getName());
        }
        long total = rows.stream().mapToLong(ModelSummary.Row::parameters).sum();
        long frozen = rows.stream().filter(ModelSummary.Row::frozen).mapToLong(ModelSummary.Row::parameters).sum();
        return new ModelSummary(label, model.getClass().getSimpleName(), rows, blocks == null ? List.of() : blocks,
                total, total - frozen, frozen, null, null, List.of(), List.of());
    }

    private static String typeOf(ComputationGraph g, String name, GraphVertex v) {
        var conf = g.getConfiguration().getVertices().get(name);
        if (conf instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) {
            return simple(lv.getLayerConf().getLayer());
        }
        return conf == null ? "Input" : conf.getClass().getSimpleName();
    }

    private static String simple(Layer conf) {
        if (conf instanceof FrozenLayer f) {
            return simple(f.getLayer());
        }
        if (conf instanceof FrozenLayerWithBackprop f) {
            return simple(f.getUnderlying());
        }
        return conf.getClass().getSimpleName();
    }

    static String shape(InputType t) {
        if (t == null) {
            return "";
        }
        long[] s = t.getShape(false);
        return Arrays.toString(s);
    }

    /**
     * The summary for a catalogue id (its architecture with random weights: no download), a DL4J model
     * zip, a Keras .h5 file or a TF.js layers model (directory or model.json). For files, the feature
     * vertex, classifier and blocks are found from the network ({@link Anatomy}), the layers the file
     * marks {@code trainable: false} are listed, and BatchNorm layers saved with {@code scale=False} are
     * counted without the gamma DL4J adds.
     */
    public static ModelSummary inspect(String model) throws Exception {
        Path file = Paths.get(model);
        boolean tfjs = Files.isDirectory(file) || model.endsWith("model.json") || model.endsWith(".js");
        if (Files.isRegularFile(file) || tfjs && Files.exists(file)) {
            return inspectFile(file, file.getFileName().toString());
        }
        if (model.contains("/") || model.matches(".*\\.(h5|hdf5|keras|zip|json)$")) {
            throw new java.io.FileNotFoundException("model file " + file.toAbsolutePath() + " does not exist; pass an existing"
                    + " Keras .keras or .h5 file, a DL4J model zip, a TF.js model directory or a catalogue id");
        }
        Catalogue catalogue = Catalogue.builtIn();
        ModelEntry entry = catalogue.model(model);
        if (entry.architecture() == null) {
            // A model whose architecture lives in its file (TF.js, Keras): fetched once into the cache, then read offline.
            org.transfer4j.zoo.LoadedModel m = new org.transfer4j.zoo.PretrainedModels(catalogue,
                    org.transfer4j.zoo.source.HttpModelSource.defaults(catalogue.baseUri())).load(entry.id());
            return inspectFile(m.file(), entry.id() + " (" + entry.format() + ", " + m.file() + ")");
        }
        Architecture arch = catalogue.architectureOf(entry);
        Model net = Architectures.build(arch, 12345);
        List<Integer> s = arch.inputShape();
        InputType input = s.get(1) == 28 && !arch.isGraph() ? InputType.convolutionalFlat(28, 28, s.get(0))
                : InputType.convolutional(s.get(1), s.get(2), s.get(0));
        ModelSummary summary = summarize(entry.id() + " (architecture " + arch.name() + ", random weights; the weight "
                + "file's vertex names may differ, see the catalogue entry)", net, input, arch.blocks());
        return new ModelSummary(summary.model(), summary.networkType(), summary.rows(), summary.blocks(),
                summary.totalParameters(), summary.trainableParameters(), summary.frozenParameters(), arch.featureVertex(),
                arch.classifierVertex(), List.of(), List.of());
    }

    /**
     * A Keras .keras or .h5 file, a TF.js model (directory or model.json) or a DL4J zip, with output shapes where the
     * input is known; for a .keras file also the Keras version, the nested models and the input preprocessing.
     */
    static ModelSummary inspectFile(Path file, String label) throws Exception {
        String name = file.getFileName().toString();
        boolean tfjs = Files.isDirectory(file) || name.endsWith("model.json") || name.endsWith(".js");
        Model net;
        KerasFileInfo info = null;
        InputType input = null;
        List<String> archiveNotes = new ArrayList<>();
        if (!tfjs && org.transfer4j.zoo.keras.KerasArchive.isKerasArchive(file)) {
            var k = org.transfer4j.zoo.keras.KerasArchiveImport.load(file, KerasOptions.defaults().withTrainableOutput(false));
            net = k.network();
            info = k.info();
            archiveNotes.add("saved by Keras " + k.kerasVersion() + (k.dateSaved() == null ? "" : " on " + k.dateSaved()));
            for (var n : k.nested()) {
                archiveNotes.add("nested model '" + n.name() + "' (" + n.className() + ", " + n.layers() + " layers"
                        + (n.trainable() ? "" : ", frozen in the file") + ") inlined: its layers keep their names");
            }
            if (k.preprocessing() != null) {
                archiveNotes.add("the file's Rescaling / Normalization at the input became the preprocessing record ("
                        + describe(k.preprocessing()) + "), applied by the image pipeline, not the network");
            }
        } else if (tfjs) {
            TfjsModel m = TfjsModel.read(file);
            net = TfjsImport.load(m, KerasOptions.defaults().withTrainableOutput(false));
            info = KerasFileInfo.of(m.modelTopology().get("model_config"), false, "");
        } else if (name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".keras")) { // .keras: HDF5 renamed
            net = KerasImport.load(file, KerasOptions.defaults().withTrainableOutput(false));
            info = KerasFileInfo.of(file);
        } else {
            try {
                net = org.transfer4j.zoo.SavedModels.load(file, false);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(file + " is neither a Keras .h5 file nor a DL4J model zip (" + e.getMessage()
                        + "); pass a catalogue id, a .h5 file, a TF.js model directory or a zip written by DL4J", e);
            }
            input = savedInput(file);
        }
        if (input == null && info != null && info.inputShape() != null && info.inputShape().size() == 3) {
            List<Integer> c = info.inputShape(); // [channels, height, width]; Keras and TF.js networks take channels last
            input = InputType.convolutional(c.get(1), c.get(2), c.get(0), org.deeplearning4j.nn.conf.CNN2DFormat.NHWC);
        }
        Anatomy anatomy;
        try {
            anatomy = Anatomy.discover(net);
        } catch (IllegalArgumentException notFound) {
            anatomy = null;
        }
        ModelSummary s;
        try {
            s = summarize(label, net, input, anatomy == null ? List.of() : anatomy.blocks());
        } catch (RuntimeException shapesFailed) { // shapes are a help, not a reason to refuse the file
            s = summarize(label, net, null, anatomy == null ? List.of() : anatomy.blocks());
        }
        ModelSummary facts = withFileFacts(s, anatomy, info);
        if (archiveNotes.isEmpty()) {
            return facts;
        }
        archiveNotes.addAll(facts.notes());
        return new ModelSummary(facts.model(), facts.networkType(), facts.rows(), facts.blocks(), facts.totalParameters(),
                facts.trainableParameters(), facts.frozenParameters(), facts.feature(), facts.classifier(),
                facts.frozenInFile(), archiveNotes);
    }

    /** A normalisation in words: "pixels to [-1, 1]", or the per-channel mean and std. */
    static String describe(org.transfer4j.common.Normalization n) {
        java.util.function.Function<List<Double>, String> list = v -> v.stream().map(Inspector::number)
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        return switch (n.kind()) {
            case SCALE -> "pixels to [" + number(n.range().get(0)) + ", " + number(n.range().get(1)) + "]";
            case MEAN_STD -> "(pixels / " + number(n.scale()) + " - mean) / std per channel, mean " + list.apply(n.mean())
                    + ", std " + list.apply(n.std());
            case MEAN_SUBTRACT -> "pixels minus the mean " + list.apply(n.mean());
        };
    }

    /** Four significant digits, without trailing zeros: 1, -1, 0.4706, 255. */
    static String number(double d) {
        return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /**
     * The input of a zip transfer4j saved (its preprocessing record: size, channels and layout), or the one DL4J kept in
     * a graph's configuration; null when neither says.
     */
    static InputType savedInput(Path zip) {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            java.util.zip.ZipEntry e = z.getEntry("transfer4j-preprocessing.json");
            if (e != null) {
                com.fasterxml.jackson.databind.JsonNode pre = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(z.getInputStream(e)).path("preprocessing");
                int h = pre.path("height").asInt();
                int w = pre.path("width").asInt();
                int c = "GREY".equals(pre.path("channelOrder").asText()) ? 1 : 3;
                boolean nhwc = "NHWC".equals(pre.path("layout").asText());
                return h > 0 && w > 0 ? InputType.convolutional(h, w, c, nhwc ? org.deeplearning4j.nn.conf.CNN2DFormat.NHWC
                        : org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) : null;
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** The discovered parts, the file's frozen flags, and BatchNorm counts as the file has them. */
    static ModelSummary withFileFacts(ModelSummary s, Anatomy anatomy, KerasFileInfo info) {
        List<ModelSummary.Row> rows = new ArrayList<>(s.rows());
        List<String> notes = new ArrayList<>();
        List<String> frozenInFile = info == null ? List.of() : info.frozenInFile();
        if (info != null) {
            long removed = 0;
            int layers = 0;
            for (KerasFileInfo.Layer l : info.layers()) {
                if ("BatchNormalization".equals(l.className()) && !l.scale()) {
                    for (int i = 0; i < rows.size(); i++) {
                        ModelSummary.Row r = rows.get(i);
                        if (r.name().equals(l.name())) {
                            long gamma = batchNormChannels(r);
                            rows.set(i, new ModelSummary.Row(r.name(), r.type(), r.outputShape(), r.parameters() - gamma,
                                    r.frozen(), r.inputs()));
                            removed += gamma;
                            layers++;
                        }
                    }
                }
            }
            if (layers > 0) {
                notes.add(layers + " BatchNormalization layers are saved with scale=False: DL4J stores a gamma of ones"
                        + " in each (" + String.format("%,d", removed) + " parameters), not counted here");
            }
            if (!frozenInFile.isEmpty()) {
                notes.add("DL4J imports every layer as trainable; a plan decides what trains (the file's own freezing is"
                        + " listed above)");
            }
        }
        long total = rows.stream().mapToLong(ModelSummary.Row::parameters).sum();
        long frozen = rows.stream().filter(ModelSummary.Row::frozen).mapToLong(ModelSummary.Row::parameters).sum();
        return new ModelSummary(s.model(), s.networkType(), rows, s.blocks(), total, total - frozen, frozen,
                anatomy == null ? null : anatomy.feature(), anatomy == null ? null : anatomy.classifier(), frozenInFile, notes);
    }

    /** A DL4J BatchNorm layer holds gamma, beta, mean and variance: four values per channel. */
    private static long batchNormChannels(ModelSummary.Row r) {
        return r.parameters() / 4;
    }
}
