package org.transfer4j.transfer.plan;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.Layer;

/** A layer to add to a graph: its name, configuration, optional input preprocessor and inputs. */
public record NewLayer(String name, Layer layer, InputPreProcessor preProcessor, String... inputs) implements GraphAddition {
}
