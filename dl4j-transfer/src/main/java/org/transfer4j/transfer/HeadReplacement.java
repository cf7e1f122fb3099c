package org.transfer4j.transfer;

import org.transfer4j.transfer.plan.NetworkTransfer;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Replaces a MultiLayerNetwork's output layer with a new head and optionally freezes the backbone,
 * as the transfer study does it (one backbone updater for every kept layer); built by
 * {@link NetworkTransfer}, the one class that drives DL4J's TransferLearning builders.
 *
 * @param backboneUpdater updater (and so learning rate) for every kept layer
 * @param l2              L2 coefficient for every layer, new head included
 * @param freezeThrough   last layer index to freeze (inclusive), or -1 to train everything
 * @param seed            seeds the new head's weight initialisation
 */
public record HeadReplacement(Layer head, IUpdater backboneUpdater, double l2, int freezeThrough, long seed) {

    public HeadReplacement {
        if (head == null || backboneUpdater == null) {
            throw new IllegalArgumentException("head and backboneUpdater are required");
        }
        if (l2 < 0) {
            throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        }
        if (freezeThrough < -1) {
            throw new IllegalArgumentException("freezeThrough must be -1 (nothing frozen) or a layer index, got "
                    + freezeThrough);
        }
    }

    /** A new network; {@code source} is not modified (its parameters are copied). */
    public MultiLayerNetwork applyTo(MultiLayerNetwork source) {
        if (freezeThrough >= source.getnLayers() - 1) {
            throw new IllegalArgumentException("freezeThrough=" + freezeThrough + " would freeze the output layer; the "
                    + "network has " + source.getnLayers() + " layers (0.." + (source.getnLayers() - 1) + ")");
        }
        return NetworkTransfer.replaceHead(source, head, backboneUpdater, l2, freezeThrough, seed);
    }
}
