package org.transfer4j.app.layering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A user who depends on a library module chooses the ND4J backend and the logging binding: the library
 * poms declare a backend (nd4j-native, nd4j-cuda) and an SLF4J binding only for their own tests.
 */
class LibraryPomsTest {
    static final List<String> CHOSEN_BY_APPLICATIONS = List.of("${nd4j.backend}", "nd4j-native", "nd4j-cuda-11.6", "openblas",
            "slf4j-simple", "logback-classic", "slf4j-log4j12");

    @ParameterizedTest
    @ValueSource(strings = {"common", "zoo-import", "datavec-pipelines", "dl4j-transfer"})
    void noBackendAndNoBindingOutsideTests(String module) throws Exception {
        Path pom = Path.of("..", module, "pom.xml");
        assertTrue(Files.isRegularFile(pom), pom.toAbsolutePath() + " exists");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList deps = doc.getElementsByTagName("dependency");
        List<String> leaking = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String artifact = text(d, "artifactId");
            String scope = text(d, "scope");
            if (CHOSEN_BY_APPLICATIONS.contains(artifact) && !"test".equals(scope)) {
                leaking.add(artifact + " (scope " + (scope == null ? "compile" : scope) + ")");
            }
        }
        assertEquals(List.of(), leaking, module + " must leave the backend and the SLF4J binding to applications");
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().trim();
    }
}
