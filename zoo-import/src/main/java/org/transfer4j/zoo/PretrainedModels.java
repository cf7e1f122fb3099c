package org.transfer4j.zoo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.common.Sha256;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.zoo.keras.KerasOptions;
import org.transfer4j.zoo.source.ModelSource;
import org.transfer4j.zoo.source.NpmPackageSource;
import org.transfer4j.zoo.tfjs.TfjsImport;
import org.transfer4j.zoo.tfjs.TfjsModel;

/**
 * "A model I want" to a network: looks the id up in the catalogue, gets a verified weight file from a
 * {@link ModelSource}, restores it and checks that the vertices the catalogue names exist, so that a
 * wrong name fails here, with the list of real names, rather than deep inside a transfer builder.
 */
public final class PretrainedModels {
    private final Catalogue catalogue;
    private final ModelSource source;
    private final ModelSource npm;

    /** Zip weight files from {@code source}; npm-packaged ones through {@link NpmPackageSource#defaults()}. */
    public PretrainedModels(Catalogue catalogue, ModelSource source) {
        this(catalogue, source, NpmPackageSource.defaults());
    }

    public PretrainedModels(Catalogue catalogue, ModelSource source, ModelSource npm) {
        this.catalogue = catalogue;
        this.source = source;
        this.npm = npm;
    }

    public LoadedModel load(String id) throws IOException {
        CpuHelpers.ensureConfigured(); // DL4J picks its layer implementations when the layers are made
        ModelEntry entry = catalogue.model(id);
        ModelSource from = entry.npm() != null ? npm : source;
        Path file = from.resolve(entry);
        Model net;
        String sha;
        try {
            if (entry.isTfjs()) {
                TfjsModel m = TfjsModel.read(file);
                net = TfjsImport.load(m, KerasOptions.defaults());
                sha = m.sha256();
            } else {
                net = catalogue.architectureOf(entry).isGraph()
                        ? ModelSerializer.restoreComputationGraph(file.toFile(), true)
                        : ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
                sha = Sha256.of(file);
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot restore " + id + " from " + file + " (" + from.describe() + "): " + e, e);
        }
        checkNames(entry, net);
        return new LoadedModel(net, entry, file, sha);
    }

    /** Throws when a vertex the entry names is absent from {@code net}. */
    static void checkNames(ModelEntry entry, Model net) {
        if (!(net instanceof ComputationGraph g)) {
            return; // MultiLayerNetworks are addressed by layer index or layer name, checked where used
        }
        List<String> missing = new ArrayList<>();
        List<String> wanted = new ArrayList<>(entry.blocks());
        wanted.add(entry.featureVertex());
        wanted.add(entry.classifierVertex());
        for (String name : wanted) {
            if (name != null && g.getVertex(name) == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(entry.id() + ": the weight file has no vertices " + missing
                    + " named in the catalogue; its outputs are " + g.getConfiguration().getNetworkOutputs()
                    + ". Run 'inspect' on the file and correct the catalogue entry.");
        }
    }

    /** Convenience for MultiLayerNetwork entries. */
    public static MultiLayerNetwork asMultiLayer(LoadedModel m) {
        if (!(m.network() instanceof MultiLayerNetwork n)) {
            throw new IllegalArgumentException(m.entry().id() + " is a " + m.network().getClass().getSimpleName());
        }
        return n;
    }
}
