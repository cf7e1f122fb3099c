package org.transfer4j.zoo.catalogue;

import java.util.List;

/**
 * A network architecture as DL4J's {@code init()} builds it (random weights): the names here are
 * those of the built graph, which differ from the names inside most converted weight files.
 *
 * @param zooClass      DL4J zoo class, or null for an architecture given as a DL4J configuration
 * @param configuration classpath resource holding a DL4J {@code MultiLayerConfiguration} as JSON (an
 *                      architecture as data: its output layer is resized to the classes asked for)
 * @param parameters parameter count with {@code numClasses} outputs, checked by the conformance test
 */
public record Architecture(String name, String zooClass, String graphType, int numClasses, List<Integer> inputShape,
                           String input, String featureVertex, String classifierVertex, List<String> blocks,
                           Long parameters, String configuration) {
    public boolean isGraph() {
        return "ComputationGraph".equals(graphType);
    }
}
