package org.transfer4j.transfer.plan;

import org.deeplearning4j.nn.conf.graph.GraphVertex;

/** A vertex without a layer to add to a graph (a merge, for example): its name, configuration and inputs. */
public record NewVertex(String name, GraphVertex vertex, String... inputs) implements GraphAddition {
}
