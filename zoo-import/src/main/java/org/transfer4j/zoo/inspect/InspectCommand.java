package org.transfer4j.zoo.inspect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.transfer4j.common.Json;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.zoo.keras.KerasImport;
import org.transfer4j.zoo.keras.KerasOptions;

import picocli.CommandLine;
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

    public static void main(String[] args) {
        System.exit(new CommandLine(new InspectCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ModelSummary s = inspect(model);
        System.out.println(json ? Json.write(s) : s.table());
        return 0;
    }

    /** The summary for a catalogue id or a file path. */
    public static ModelSummary inspect(String model) throws Exception {
        Path file = Paths.get(model);
        if (Files.isRegularFile(file)) {
            Model net = model.endsWith(".h5") || model.endsWith(".hdf5")
                    ? KerasImport.load(file, KerasOptions.defaults().withTrainableOutput(false))
                    : org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(file.toFile(), false);
            return Inspector.summarize(file.getFileName().toString(), net, null, List.of());
        }
        Catalogue catalogue = Catalogue.builtIn();
        ModelEntry entry = catalogue.model(model);
        Architecture arch = catalogue.architectureOf(entry);
        Model net = Architectures.build(arch, 12345);
        List<Integer> s = arch.inputShape();
        InputType input = s.get(1) == 28 && !arch.isGraph() ? InputType.convolutionalFlat(28, 28, s.get(0))
                : InputType.convolutional(s.get(1), s.get(2), s.get(0));
        return Inspector.summarize(entry.id() + " (architecture " + arch.name() + ", random weights; the weight "
                + "file's vertex names may differ, see the catalogue entry)", net, input, arch.blocks());
    }
}
