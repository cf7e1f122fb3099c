package org.transfer4j.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.app.finetune.FineTuneOptions;
import org.transfer4j.common.Json;

/** What a sweep on Spark needs besides Spark: options, the candidate store, the shipped template. */
class SparkSweepTest {
    @TempDir
    Path tmp;

    static String refusal(String... args) {
        SweepOptions o = new SweepOptions();
        new picocli.CommandLine(o).parseArgs(args);
        return assertThrows(IllegalArgumentException.class, o::validate).getMessage();
    }

    @Test
    void sparkOptionsAreCheckedAndQuoted() {
        assertTrue(refusal("--master", "local[2]", "--rungs", "ASYNC").contains("on Spark (--master local[2]) the rungs are SYNC"));
        assertTrue(refusal("--rungs", "SYNC", "--generator", "GENETIC").contains("use RANDOM or GRID"));
        assertTrue(refusal("--shared", "file:///x").contains("--shared file:///x") && refusal("--shared", "file:///x").contains("--master"));
        assertTrue(refusal("--master", " ").contains("got ' '"));
        assertTrue(refusal("--master", "foo").contains("spark://HOST:PORT, yarn or k8s://URL, got 'foo'"));
        assertTrue(refusal("--master", "local[two]").contains("got 'local[two]'"));
        for (String ok : List.of("local", "local[2]", "local[*]", "local[2,3]", "spark://10.0.0.5:7077", "yarn", "k8s://https://h:443")) {
            SweepOptions o = new SweepOptions();
            o.master = ok;
            o.validate();
        }
        assertTrue(refusal("--candidates", "0").contains("got 0"));
        assertTrue(refusal("--max-minutes", "0").contains("--max-minutes must be > 0, got 0.0"));
        assertTrue(refusal("--grid-points", "1").contains("got 1"));
        SweepOptions edges = new SweepOptions();
        new picocli.CommandLine(edges).parseArgs("--candidates", "1", "--grid-points", "2", "--max-minutes", "0.01");
        edges.validate();
        assertEquals(12, new SweepOptions().template.maxEpochs, "the sweep's own template: 12 epochs");
        SweepOptions o = new SweepOptions();
        assertEquals(SweepOptions.Rungs.ASYNC, o.rungs());
        o.master = "local[2]";
        assertEquals(SweepOptions.Rungs.SYNC, o.rungs(), "Spark runs synchronous rungs");
        o.master = null;
        o.rungs = SweepOptions.Rungs.SYNC;
        assertEquals(SweepOptions.Rungs.SYNC, o.rungs());
        o.validate();
    }

    @Test
    void theTemplateTravelsAsJsonAndArrivesWhole() throws Exception {
        SweepOptions s = new SweepOptions();
        new picocli.CommandLine(s).parseArgs("--base", "architecture:StudyLeNet", "--k", "30", "--fashion-dir", "/data/fm",
                "--epochs", "5", "--batchnorm", "REQUIRE_FROZEN", "--out", tmp.resolve("o").toString());
        FineTuneOptions back = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(s.template), FineTuneOptions.class);
        for (java.lang.reflect.Field f : FineTuneOptions.class.getFields()) {
            if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                assertEquals(f.get(s.template), f.get(back), f.getName());
            }
        }
        assertEquals(Path.of("/data/fm"), back.fashionDir);
        assertEquals(5, back.maxEpochs);
    }

    @Test
    void aPushReplacesTheStoredCandidateAndAPullBringsItBack() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        CandidateStore store = new CandidateStore(shared.toUri().toString());
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(work.resolve("checkpoints"));
        Files.writeString(work.resolve("checkpoints").resolve("state.json"), "epoch 1");
        Files.writeString(work.resolve("report.json"), "r1");
        store.push(7, work);
        Path back = tmp.resolve("back");
        store.pull(7, back);
        assertEquals("epoch 1", Files.readString(back.resolve("checkpoints").resolve("state.json")));
        assertEquals("r1", Files.readString(back.resolve("report.json")));
        assertTrue(Files.isRegularFile(shared.resolve("candidates").resolve("007").resolve("report.json")));

        Files.writeString(work.resolve("checkpoints").resolve("state.json"), "epoch 2");
        Files.delete(work.resolve("report.json"));
        store.push(7, work);
        Path again = tmp.resolve("again");
        store.pull(7, again);
        assertEquals("epoch 2", Files.readString(again.resolve("checkpoints").resolve("state.json")));
        assertFalse(Files.exists(again.resolve("report.json")), "a push replaces the whole directory");
        assertFalse(Files.exists(shared.resolve("candidates").resolve("007.prev")));
        assertFalse(Files.exists(shared.resolve("candidates").resolve("007.next")));

        // Killed between the renames: the stored directory is NNN.prev only; a pull takes it.
        Files.move(shared.resolve("candidates").resolve("007"), shared.resolve("candidates").resolve("007.prev"));
        Path afterKill = tmp.resolve("after-kill");
        store.pull(7, afterKill);
        assertEquals("epoch 2", Files.readString(afterKill.resolve("checkpoints").resolve("state.json")));

        assertTrue(store.isAt(shared) && new CandidateStore("file:" + shared + "/").isAt(shared));
        CandidateStore bare = new CandidateStore("file://" + shared);
        assertEquals("file://" + shared, bare.root());
        assertEquals("file://" + shared, new CandidateStore("file://" + shared + "/").root(), "one trailing slash is dropped");
        bare.push(9, work);
        assertTrue(Files.isDirectory(shared.resolve("candidates").resolve("009").resolve("checkpoints")));
        assertFalse(store.isAt(tmp) || new CandidateStore("hdfs://nn:8020" + shared).isAt(shared));
        Path none = tmp.resolve("none");
        store.pull(8, none);
        assertTrue(Files.isDirectory(none) && Files.list(none).findAny().isEmpty(), "nothing stored: an empty directory");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CandidateStore("/no/scheme")).getMessage()
                .contains("'/no/scheme'"));
    }

    @Test
    void onThisMachineTheDriverListensOnLoopbackAndExecutorsGetTheLaunchersSettings() {
        SparkConf local = SweepSpark.conf("local[2]");
        assertEquals("127.0.0.1", local.get("spark.driver.host"));
        assertEquals("1", local.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("1", local.get("spark.executorEnv.MALLOC_ARENA_MAX"));
        assertEquals("127.0.0.1", SweepSpark.conf("spark://127.0.0.1:7077").get("spark.driver.host"));
        SparkConf cluster = SweepSpark.conf("spark://10.0.0.5:7077");
        assertFalse(cluster.contains("spark.driver.host"), "a cluster's driver address is Spark's own choice");
        assertEquals("spark://10.0.0.5:7077", cluster.get("spark.master"));
        assertEquals(List.of("transfer4j sweep"), List.of(cluster.get("spark.app.name")));
    }
}
