package org.transfer4j.zoo;

import java.nio.file.Path;

import org.deeplearning4j.nn.api.Model;
import org.transfer4j.zoo.catalogue.ModelEntry;

/** A network with the catalogue facts that go with it and the file (and SHA-256) it came from. */
public record LoadedModel(Model network, ModelEntry entry, Path file, String sha256) {
}
