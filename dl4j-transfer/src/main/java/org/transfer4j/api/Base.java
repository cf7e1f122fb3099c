package org.transfer4j.api;

import java.nio.file.Path;

import org.transfer4j.transfer.plan.TransferPlan;

/**
 * Where the pretrained network comes from: the first thing {@link Transfer#from} needs.
 *
 * <pre>{@code
 * Base.catalogue("resnet50.imagenet")      // a catalogue weight file (downloaded once, verified, cached)
 * Base.architecture("ResNet50")            // the catalogue architecture with random init() weights (no download)
 * Base.keras(Path.of("model.h5"))          // a Keras HDF5 file
 * Base.tfjs(Path.of("web_model"))          // a TF.js layers model (model.json and shards, or packaged .js)
 * Base.saved(Path.of("runs/a/model.zip"))  // a DL4J model zip, e.g. an earlier transfer4j export
 * }</pre>
 */
public final class Base {
    private Base() {
    }

    public static TransferPlan.Base catalogue(String modelId) {
        return new TransferPlan.Base(TransferPlan.Base.Kind.CATALOGUE, modelId);
    }

    public static TransferPlan.Base architecture(String name) {
        return new TransferPlan.Base(TransferPlan.Base.Kind.ARCHITECTURE, name);
    }

    public static TransferPlan.Base keras(Path file) {
        return new TransferPlan.Base(TransferPlan.Base.Kind.KERAS, file.toString());
    }

    public static TransferPlan.Base tfjs(Path directoryOrModelJson) {
        return new TransferPlan.Base(TransferPlan.Base.Kind.TFJS, directoryOrModelJson.toString());
    }

    public static TransferPlan.Base saved(Path zip) {
        return new TransferPlan.Base(TransferPlan.Base.Kind.SAVED, zip.toString());
    }

    /** {@code kind:ref}, as the command line writes it: {@code catalogue:resnet50.imagenet}, {@code keras:m.h5}. */
    public static TransferPlan.Base parse(String kindAndRef) {
        return TransferPlan.Base.parse(kindAndRef);
    }
}
