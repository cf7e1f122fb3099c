package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transfer4j.plan.Base;

/**
 * The README's Java examples are the code {@link ReadmeExamplesIT} runs: each README block marked
 * {@code <!-- example:NAME -->} equals the IT's region of that name once the README's download-only
 * base and its paths are replaced by what runs offline here.
 */
class ReadmeExamplesTest {
    /** README text -> the IT's text: what differs between a user's machine and this offline test. */
    static final Map<String, String> OFFLINE = new LinkedHashMap<>();

    static {
        OFFLINE.put("Base.catalogue(\"resnet50.imagenet\")", "Base.architecture(\"ResNet50\")");
        OFFLINE.put("Path.of(\"photos\")", "photos");
        OFFLINE.put("Path.of(\"runs/photos\")", "out");
        OFFLINE.put("Path.of(\"my_model.h5\")", "kerasFile");
        OFFLINE.put("Path.of(\"runs/keras\")", "out");
        OFFLINE.put("Path.of(\"camera-photos\")", "cameraPhotos");
        OFFLINE.put("Path.of(\"runs/adapted\")", "out");
        OFFLINE.put("Path.of(\"tickets\")", "tickets");
        OFFLINE.put("Path.of(\"flowers.keras\")", "file");
        OFFLINE.put("Path.of(\"runs/flowers\")", "out");
        OFFLINE.put("Path.of(\"runs/tickets\")", "out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fine-tune-folder", "feature-extraction", "featurize", "keras", "keras3", "adapt", "text"})
    void readmeBlockIsTheCodeTheTestRuns(String name) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("<!-- example:" + Pattern.quote(name) + " -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertTrue(m.find(), "README has a java block marked example:" + name);
        String block = m.group(1);
        for (var e : OFFLINE.entrySet()) {
            block = block.replace(e.getKey(), e.getValue());
        }
        // The adaptation example runs with the real nsfwjs network, in its own IT (the shared npm cache, not a private one).
        String file = switch (name) {
            case "adapt" -> "AdaptationReadmeIT.java";
            case "text" -> "TextReadmeIT.java"; // the real text encoder, in its own IT
            case "keras3" -> "KerasArchiveBaseIT.java"; // the .keras file a fixture script writes
            default -> "ReadmeExamplesIT.java";
        };
        String it = Files.readString(Path.of("src", "test", "java", "org", "transfer4j", "api", file));
        Matcher r = Pattern.compile("// example:" + Pattern.quote(name) + "\\n(.*?)// end", Pattern.DOTALL).matcher(it);
        assertTrue(r.find(), file + " has a region example:" + name);
        assertEquals(normalise(r.group(1)), normalise(block));
    }

    private static String normalise(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }
}
