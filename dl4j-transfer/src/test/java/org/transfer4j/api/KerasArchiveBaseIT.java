package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.common.CacheRootProperty;
import org.transfer4j.common.ColourFolders;
import org.transfer4j.common.Normalization;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;
import org.transfer4j.transfer.BaseModel;
import org.transfer4j.zoo.keras.KerasArchiveImport;
import org.transfer4j.zoo.keras.KerasOptions;

/**
 * A transfer-learning Keras 3 file as a base: keras.applications' MobileNetV2 (alpha 0.35, 96 px) nested and frozen
 * in the user's model behind a Rescaling layer, written by zoo-import's src/test/python/make_keras3_fixtures.py. Its
 * blocks are found through the nesting, the Rescaling becomes the preprocessing record, and {@code lastBlocks(1)}
 * fine-tunes the last block and a new head on an image folder while everything before it keeps the file's weights.
 * The region {@code example:keras3} is the README's block ({@link ReadmeExamplesTest}).
 */
class KerasArchiveBaseIT {
    @TempDir
    Path tmp;

    private CacheRootProperty cache;

    @BeforeEach
    void privateCache() {
        cache = CacheRootProperty.set(tmp.resolve("cache"));
    }

    @AfterEach
    void restoreCache() {
        cache.close();
    }

    static Path nestedMobileNet(Path dir) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "../zoo-import/src/test/python/make_keras3_fixtures.py",
                dir.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "make_keras3_fixtures.py failed (needs Debian's python3-h5py and python3-numpy): " + log);
        return dir.resolve("mobilenetv2_nested.keras");
    }

    @Test
    void lastBlockFineTunesANestedKerasApplicationsBackbone() throws Exception {
        Path file = nestedMobileNet(tmp.resolve("keras"));
        BaseModel base = BaseModel.load(Base.keras(file), null, null, 1);
        assertEquals("out_relu", base.names().blocks().get(base.names().blocks().size() - 1));
        assertTrue(base.names().blocks().contains("block_15_add"), base.names().blocks().toString());
        assertEquals(Normalization.scaleTo(-1, 1), base.preprocessing().normalization());
        assertEquals(96, base.preprocessing().height());
        // The backbone's freezing, as the file has it, is what keepFileFreezing keeps.
        assertEquals(153, base.frozenInFile().size());
        Strategy kept = base.resolve(Strategy.keepFileFreezing());
        assertEquals(base.frozenInFile(), ((Strategy.KeepFileFreezing) kept).frozen());
        assertTrue(!base.frozenInFile().contains("predictions") && base.frozenInFile().contains("Conv_1"));

        Path photos = ColourFolders.write(tmp.resolve("photos"), 12, 5);
        Path out = tmp.resolve("runs");
        // example:keras3
        TransferResult r = Transfer.from(Base.keras(file))
                .strategy(Strategy.lastBlocks(1))
                .fit(TaskData.folder(photos), Fit.epochs(5));
        r.save(out);
        // end
        Model before = KerasArchiveImport.load(file, KerasOptions.defaults()).network();
        ComputationGraph after = (ComputationGraph) r.network();
        // Before the last block: the file's weights. The last block (Conv_1 and its BatchNorm) trained.
        assertEquals(params(before, "block_16_project"), params(after, "block_16_project"));
        assertEquals(params(before, "Conv1"), params(after, "Conv1"));
        assertNotEquals(params(before, "Conv_1"), params(after, "Conv_1"));
        assertEquals(Normalization.scaleTo(-1, 1), r.preprocessing().normalization());
        assertTrue(java.nio.file.Files.isRegularFile(out.resolve("model").resolve(org.transfer4j.report.ModelExport.MODEL)));
    }

    private static INDArray params(Model m, String layer) {
        return ((ComputationGraph) m).getLayer(layer).params().dup();
    }
}
