package org.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.common.Normalization;

/** Fast checks of every catalogue entry's data (the weights themselves cannot be fetched here). */
class CatalogueTest {
    static final Catalogue CATALOGUE = Catalogue.builtIn();

    static Stream<ModelEntry> models() {
        return CATALOGUE.models().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void entryIsComplete(ModelEntry m) {
        if (m.isTfjs()) {
            // Shipped in an npm package: the model file and its shards are listed with their SHA-256.
            assertNotNull(m.npm(), m.id());
            assertEquals(m.weights().sha256(), m.npm().files().get(m.weights().path()), "the model file is one of the package files");
            assertTrue(m.npm().files().keySet().stream().anyMatch(f -> f.contains("shard")), "its weight shards are listed");
            assertTrue(m.notes().contains("ImageNet") && m.notes().contains("quantized"), "provenance: " + m.notes());
        } else {
            assertNotNull(CATALOGUE.architectureOf(m));
            assertTrue(CATALOGUE.uriOf(m).toString().startsWith(CATALOGUE.baseUri().toString()));
            assertTrue(m.weights().fileName().endsWith(".zip"), m.weights().path());
        }
        assertTrue(m.numClasses() > 0);
        if (!m.id().startsWith("study.") && !m.isTfjs()) {
            assertNotNull(m.weights().checksum(), m.id() + " has the upstream Adler-32");
        }
        if (m.namesVerified()) {
            assertFalse(m.blocks().isEmpty(), m.id() + " lists its blocks");
            assertNotNull(m.featureVertex());
            assertNotNull(m.classifierVertex());
            assertFalse(m.blocks().contains(m.classifierVertex()), "the classifier is not a block to unfreeze");
        }
    }

    @Test
    void knownIdsExist() {
        for (String id : List.of("resnet50.imagenet", "vgg16.imagenet", "vgg16.cifar10", "vgg16.vggface",
                "study.lenet.fashion-mnist-0-4")) {
            assertEquals(id, CATALOGUE.model(id).id());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CATALOGUE.model("resnet51"));
        assertTrue(e.getMessage().contains("resnet50.imagenet"), "lists the known ids: " + e.getMessage());
    }

    @Test
    void preprocessingFormulas() {
        Normalization vgg = CATALOGUE.model("vgg16.imagenet").preprocessing();
        assertEquals(255 - 103.939, vgg.apply(255, 0), 1e-9);
        assertEquals(0 - 123.68, vgg.apply(0, 2), 1e-9);
        Normalization tf = CATALOGUE.model("xception.imagenet").preprocessing();
        assertEquals(-1.0, tf.apply(0, 0), 1e-12);
        assertEquals(1.0, tf.apply(255, 1), 1e-12);
        Normalization unit = CATALOGUE.model("darknet19.imagenet").preprocessing();
        assertEquals(0.5, unit.apply(127.5, 2), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Normalization(Normalization.Kind.MEAN_STD, 255, List.of(0.5), List.of(0.0), null));
        assertTrue(e.getMessage().contains("positive std"), e.getMessage());
    }

    @Test
    void badEntriesAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelEntry("Bad Id", "VGG16",
                null, List.of(3, 224, 224), "RGB", null, 2, null, null, null, null, null, false, null));
        assertTrue(e.getMessage().contains("Bad Id"), e.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> new ModelEntry("x", "VGG16",
                new org.transfer4j.zoo.catalogue.WeightsFile("a.zip", 1L, null, null), List.of(224, 224), "RGB", null, 2,
                null, null, null, null, null, false, null));
        assertTrue(shape.getMessage().contains("[224, 224]"), shape.getMessage());
    }
}
