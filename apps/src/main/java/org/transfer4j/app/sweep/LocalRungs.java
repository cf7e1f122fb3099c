package org.transfer4j.app.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.transfer4j.app.finetune.RunSpec;

/** Runs a rung's jobs one after another in this JVM, each in its candidate directory under the sweep directory. */
final class LocalRungs implements SynchronousHalving.Runner {
    private final Path sweepDir;

    LocalRungs(Path sweepDir) {
        this.sweepDir = sweepDir;
    }

    @Override
    public List<RungResult> run(RunSpec template, List<RungJob> jobs) {
        List<RungResult> out = new ArrayList<>();
        for (RungJob j : jobs) {
            out.add(CandidateTrainer.train(template, TransferTaskCreator.candidateDir(sweepDir, j.index()), j));
        }
        return out;
    }
}
