package org.transfer4j.app.inspect;

import java.util.concurrent.Callable;

import org.transfer4j.common.Json;
import org.transfer4j.zoo.inspect.Inspector;
import org.transfer4j.zoo.inspect.ModelSummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inspect MODEL}: a table of every layer or vertex (name, type, output shape, parameters,
 * frozen or trainable), the block boundaries and totals, or the same as JSON. MODEL is a catalogue id
 * (its architecture is built with random weights: no download), a DL4J model zip, or a Keras .h5 file.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Describe a network layer by layer.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "Catalogue id (e.g. resnet50.imagenet), DL4J .zip or Keras .h5 file.")
    String model;

    @Option(names = "--json", description = "Print JSON instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelSummary s = Inspector.inspect(model);
        System.out.println(json ? Json.write(s) : s.table());
        return 0;
    }
}
