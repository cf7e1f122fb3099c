package org.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.common.Sha256;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.source.MirrorDirectorySource;

class PretrainedModelsTest {
    @TempDir
    Path mirror;

    @Test
    void loadsTheStudyModelFromAMirrorWithItsFacts() throws IOException {
        Catalogue catalogue = Catalogue.builtIn();
        var entry = catalogue.model("study.lenet.fashion-mnist-0-4");
        MultiLayerNetwork saved = (MultiLayerNetwork) Architectures.build(catalogue.architecture("StudyLeNet"), 5, 3);
        Path file = mirror.resolve(entry.weights().path());
        Files.createDirectories(file.getParent());
        ModelSerializer.writeModel(saved, file.toFile(), true);

        LoadedModel loaded = new PretrainedModels(catalogue, new MirrorDirectorySource(mirror)).load(entry.id());
        MultiLayerNetwork net = PretrainedModels.asMultiLayer(loaded);
        assertEquals(saved.params(), net.params());
        assertEquals(Sha256.of(file), loaded.sha256());
        assertEquals("dense", entry.featureVertex());
        assertEquals(entry.featureVertex(), net.getLayer(4).conf().getLayer().getLayerName());
        assertEquals(catalogue.architectureOf(entry).parameters().longValue(), net.numParams());
    }

    @Test
    void missingWeightsSayWhereToPutThem() {
        Catalogue catalogue = Catalogue.builtIn();
        IOException e = assertThrows(IOException.class,
                () -> new PretrainedModels(catalogue, new MirrorDirectorySource(mirror)).load("resnet50.imagenet"));
        assertTrue(e.getMessage().contains("resnet50_dl4j_inference.v3.zip"), e.getMessage());
    }
}
