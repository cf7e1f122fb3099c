package org.transfer4j.app.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.transfer4j.common.Json;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Strategy;

/** A run is a value: written and read back as JSON unchanged, and a sweep's choices change exactly their own field. */
class RunSpecTest {
    static RunSpec run() {
        FineTuneOptions o = new FineTuneOptions();
        o.outputDir = Path.of("runs", "a");
        o.fashionDir = Path.of("data", "fashion");
        o.fresh = true;
        return o.run();
    }

    @Test
    void itsJsonReadsBackAsTheSameRunWithPathsAsGiven() throws Exception {
        RunSpec r = run();
        String json = Json.MAPPER.writeValueAsString(r);
        assertEquals(r, Json.MAPPER.readValue(json, RunSpec.class));
        assertTrue(json.contains("\"outputDir\" : \"runs/a\"") && json.contains("\"fashionDir\" : \"data/fashion\""),
                "relative paths stay relative, so a manifest does not depend on the working directory: " + json);
    }

    @Test
    void pathsWithAColonReadBackAndAnExecutorGetsThemAbsolute() throws Exception {
        RunSpec r = run().with(Map.of(), Path.of("runs", "lr:0.1"));
        assertEquals(r, Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(r), RunSpec.class), "not read as a URI");
        RunSpec abs = r.absolute();
        assertEquals(Path.of("runs", "lr:0.1").toAbsolutePath(), abs.outputDir());
        assertEquals(Path.of("data", "fashion").toAbsolutePath(), abs.data().fashionDir());
        assertEquals("saved:" + Path.of("transfer4j-out/study/source-model/lenet-source.zip").toAbsolutePath(), abs.base());
        assertEquals("StudyLeNet", abs.namesFrom(), "the study's source model keeps its names when its path changes");
        assertEquals("fashion-mnist", abs.data().source());
        RunSpec folder = new RunSpec("catalogue:x", null, null, new RunSpec.Data("photos", null, null, 0, 0, 0, 0.1, 0.1, false, 0),
                r.plan(), r.training(), Path.of("o"));
        assertEquals(Path.of("photos").toAbsolutePath().toString(), folder.absolute().data().source());
        assertEquals("catalogue:x", folder.absolute().base());
    }

    /** A value for each parameter other than the template's. */
    static Object value(RunSpec.Parameter p) {
        return switch (p) {
            case STRATEGY -> "fine-tune";
            case BLOCKS -> 3;
            case LEARNING_RATE -> 0.05;
            case BACKBONE_RATE_FACTOR -> 0.3;
            case WEIGHT_DECAY -> 1e-5;
            case HIDDEN -> 64;
            case DROPOUT -> 0.25;
            case BATCH_SIZE -> 16;
            case AUGMENT_MAGNITUDE -> 9;
            case BATCH_NORM -> "REQUIRE_FROZEN";
        };
    }

    @ParameterizedTest
    @EnumSource(RunSpec.Parameter.class)
    void aSweepChoiceChangesItsOwnFieldAndTheOutputDirectoryOnly(RunSpec.Parameter p) {
        RunSpec template = run();
        RunSpec candidate = template.with(Map.of(p.key(), value(p)), Path.of("runs", "c7"));
        JsonNode before = template.toJson();
        JsonNode after = candidate.toJson();
        assertEquals(Path.of("runs", "c7"), candidate.outputDir());
        assertEquals(Json.MAPPER.valueToTree(value(p)), after.at(pointer(p)), p + " lands at its place");
        int changed = 0;
        for (String section : new String[] {"data", "plan", "training"}) {
            var fields = before.get(section).fieldNames();
            while (fields.hasNext()) {
                String f = fields.next();
                if (!before.get(section).get(f).equals(after.get(section).get(f))) {
                    changed++;
                    assertEquals("/" + section + "/" + f, pointer(p), "only " + p + " changes");
                }
            }
        }
        assertEquals(1, changed);
        assertEquals(run(), template, "the template is not changed");
    }

    private static String pointer(RunSpec.Parameter p) {
        JsonNode t = run().toJson();
        for (String section : new String[] {"data", "plan", "training"}) {
            if (t.get(section).has(p.key())) {
                return "/" + section + "/" + p.key();
            }
        }
        throw new AssertionError(p + " is a field of no section");
    }

    @Test
    void aCandidateTrainsItsChoicesAndAResumedRungKeepsItsCheckpoint() {
        RunSpec c = run().with(Map.of("strategy", "fine-tune", "blocks", 3, "backboneRateFactor", 0.5, "batchNorm", "AUTO"),
                Path.of("c"));
        assertEquals(Strategy.lastBlocks(3, 0.5, 1.0), c.strategy());
        assertEquals(BatchNormPolicy.AUTO, c.plan().batchNorm());
        assertTrue(c.training().fresh());
        assertFalse(c.resuming().training().fresh());
        assertEquals(c.plan(), c.resuming().plan());
        String m = assertThrows(IllegalArgumentException.class, () -> run().with(Map.of("lr", 0.1), Path.of("c"))).getMessage();
        assertTrue(m.contains("unknown sweep parameter lr") && m.contains("learningRate"), m);
    }

    @Test
    void everyStrategyNameAndABadOne() {
        RunSpec r = run();
        assertEquals(Strategy.featureExtraction(), r.with(Map.of("strategy", "feature-extraction"), Path.of("c")).strategy());
        assertEquals(Strategy.scratch(), r.with(Map.of("strategy", "scratch"), Path.of("c")).strategy());
        assertEquals(Strategy.gradual(2, 2, 2, 0.1, 1.0), r.strategy(), "the options' default");
        assertEquals(new Strategy.KeepFileFreezing(null, 0.1), r.with(Map.of("strategy", "file-freezing"), Path.of("c")).strategy());
        String m = assertThrows(IllegalArgumentException.class, () -> r.with(Map.of("strategy", "gradul"), Path.of("c")).strategy())
                .getMessage();
        assertTrue(m.contains("got gradul"), m);
        assertEquals("other", r.withBase("catalogue:x", "other").plan().featureVertex());
        assertEquals("catalogue:x", r.withBase("catalogue:x", "other").base());
    }
}
