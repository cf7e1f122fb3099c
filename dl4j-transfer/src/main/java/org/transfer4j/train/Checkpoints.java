package org.transfer4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deeplearning4j.nn.api.Model;
import org.transfer4j.common.Json;

/**
 * The trainer's directory: {@code epoch-NNNN.zip} (network with optimiser state after an epoch),
 * {@code state.json} naming it, and {@code best.zip}. The network is written first and the state
 * second, each atomically, so a kill at any moment leaves a state that names a complete network.
 */
final class Checkpoints {
    static final String STATE = "state.json";
    static final String BEST = "best.zip";
    private final Path dir;

    Checkpoints(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** The stored state, or null if there is none. */
    TrainerState load() throws IOException {
        Path f = dir.resolve(STATE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return Json.readFile(f, TrainerState.class);
        } catch (IOException e) {
            throw new IOException(f + " is not a readable trainer state (" + e.getMessage()
                    + "); delete the directory to start the run afresh", e);
        }
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes the checkpoint and returns {@code state} as stored, naming the checkpoint file. */
    TrainerState save(Model trained, TrainerState state) throws IOException {
        String name = String.format("epoch-%04d.zip", state.epochsDone());
        Nets.save(trained, dir.resolve(name));
        TrainerState s = new TrainerState(state.runKey(), state.epochsDone(), state.unfrozenBlocks(), state.history(),
                state.bestEpoch(), state.bestValidationAccuracy(), state.epochsSinceBest(), state.stopReason(), name);
        Json.writeFile(dir.resolve(STATE), s);
        try (var old = Files.newDirectoryStream(dir, "epoch-*.zip")) {
            for (Path p : old) {
                if (!p.getFileName().toString().equals(name)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return s;
    }

    void saveBest(Model trained) throws IOException {
        Nets.save(trained, dir.resolve(BEST));
    }
}
