package org.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.keras.KerasImport;
import org.transfer4j.zoo.keras.KerasOptions;

/**
 * The parts found from a network agree with what the catalogue records by hand, and with the Keras
 * fixtures' known structure.
 */
class AnatomyTest {
    @Test
    void resNet50IsFoundAsTheCatalogueRecordsIt() {
        Architecture a = Catalogue.builtIn().architecture("ResNet50");
        Anatomy found = Anatomy.discover(Architectures.build(a, 1));
        assertEquals(a.featureVertex(), found.feature());
        assertEquals(a.classifierVertex(), found.classifier());
        // Each residual unit ends in the activation after its add (res2a_branch ... res5c_branch: the catalogue's
        // blocks); the stem's max-pooling ends one more run of cut vertices.
        assertEquals("stem-maxpool1", found.blocks().get(0));
        assertEquals(a.blocks(), found.blocks().subList(1, found.blocks().size()));
    }

    /**
     * A Sequential network has no flatten or global pooling vertex (DL4J flattens in a preprocessor): the
     * classifier is the first dense layer of the trailing dense run, so the LeNet's dense 500 layer is taken as
     * the classifier, one cut below the catalogue's hand-made choice (features at dense, classifier output).
     */
    @Test
    void aLayerStackTakesTheTrailingDenseRunAsTheHead() {
        Anatomy found = Anatomy.discover(Architectures.build(Catalogue.builtIn().architecture("StudyLeNet"), 1));
        assertEquals("pool2", found.feature());
        assertEquals("dense", found.classifier());
        assertEquals(List.of("pool1", "pool2"), found.blocks());
    }

    @Test
    void aFunctionalKerasFileWithAResidualAdd() throws Exception {
        Model net = KerasImport.load(Path.of("src/test/resources/keras/resnet_functional.h5"), KerasOptions.defaults());
        Anatomy a = Anatomy.discover(net);
        assertEquals("global_average_pooling2d_1", a.feature());
        assertEquals("dense_1", a.classifier());
        // conv2d_1 and conv2d_2 are bypassed by the skip connection: the add and the activation after it are the
        // only cut vertices, one run, which ends the residual block.
        assertEquals(List.of("activation_1"), a.blocks());
    }

    @Test
    void cutVerticesAreThoseNoEdgeJumpsOver() {
        // in -> a -> b -> d, in -> c -> d (c bypasses a and b), d -> e
        List<String> topo = List.of("in", "a", "b", "c", "d", "e");
        Map<String, List<String>> inputs = Map.of("a", List.of("in"), "b", List.of("a"), "c", List.of("in"),
                "d", List.of("b", "c"), "e", List.of("d"));
        assertEquals(List.of("d", "e"), Anatomy.cutVertices(topo, inputs, 6));
        assertEquals(List.of("d"), Anatomy.cutVertices(topo, inputs, 5));
    }

    @Test
    void aGraphWithoutADenseHeadIsNamed() throws Exception {
        Model unet = Architectures.build(Catalogue.builtIn().architecture("UNet"), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Anatomy.discover(unet));
        assertTrue(e.getMessage().contains("explicitly"), e.getMessage());
    }
}
