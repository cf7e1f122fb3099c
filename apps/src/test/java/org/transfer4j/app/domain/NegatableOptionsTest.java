package org.transfer4j.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.transfer4j.app.text.TextStudyOptions;

import picocli.CommandLine;

/**
 * Switches that are on by default: the flag named on the command line is what happens. picocli 4.7 gives a negatable
 * option the opposite of its default when its declared name is given, so an on-by-default switch declared as "--x"
 * turned off with "--x" and stayed on with "--no-x" (as --adabn and --fine-tune once did).
 */
class NegatableOptionsTest {
    static <T> boolean parsed(T options, Function<T, Boolean> field, String... args) {
        new CommandLine(options).parseArgs(args);
        return field.apply(options);
    }

    @Test
    void adaBnIsOnByDefaultOnWithTheFlagAndOffWithItsNegation() {
        assertEquals(true, parsed(new DomainStudyOptions(), o -> o.adaBn));
        assertEquals(true, parsed(new DomainStudyOptions(), o -> o.adaBn, "--adabn"));
        assertEquals(false, parsed(new DomainStudyOptions(), o -> o.adaBn, "--no-adabn"));
        DomainStudyOptions off = new DomainStudyOptions();
        new CommandLine(off).parseArgs("--no-adabn");
        assertEquals(false, off.training().adaBn(), "the training settings carry it");
    }

    @Test
    void offByDefaultSwitchesFollowTheirFlag() {
        assertEquals(false, parsed(new DomainStudyOptions(), o -> o.splitBatchNorm));
        assertEquals(true, parsed(new DomainStudyOptions(), o -> o.splitBatchNorm, "--split-bn"));
        assertEquals(false, parsed(new DomainStudyOptions(), o -> o.standardise));
        assertEquals(true, parsed(new DomainStudyOptions(), o -> o.standardise, "--standardise"));
        assertEquals(false, parsed(new DomainStudyOptions(), o -> o.progress, "--no-progress"));
    }

    @Test
    void fineTuningIsOnByDefaultOnWithTheFlagAndOffWithItsNegation() {
        assertEquals(true, parsed(new TextStudyOptions(), o -> o.fineTune));
        assertEquals(true, parsed(new TextStudyOptions(), o -> o.fineTune, "--fine-tune"));
        assertEquals(false, parsed(new TextStudyOptions(), o -> o.fineTune, "--no-fine-tune"));
    }
}
