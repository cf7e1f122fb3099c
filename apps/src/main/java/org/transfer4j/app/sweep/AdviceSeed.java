package org.transfer4j.app.sweep;

import java.io.IOException;

import org.transfer4j.advise.Advise;
import org.transfer4j.app.advise.AdviseReport;
import org.transfer4j.app.finetune.RunSpec;
import org.transfer4j.common.Json;

/**
 * Seeds a sweep from an {@code advise} report ({@code --advice advise.json}): the sweep's template takes the
 * report's best pretrained backbone as its base and that backbone's suggested cut as the feature-extraction
 * vertex; when the report probed strategies, the space's learning-rate range becomes the rates the probes
 * supported (widened to a factor of 2 either side, as the probes tried only three rates). The strategies stay
 * in the space: the sweep is where they are compared at full length.
 */
final class AdviceSeed {
    private AdviceSeed() {
    }

    /** The sweep's template run: {@code o.template}'s, with {@code o.advice}'s backbone and cut when there is one. */
    static RunSpec template(SweepOptions o) throws IOException {
        RunSpec run = o.template.run();
        if (o.advice == null) {
            return run;
        }
        AdviseReport r;
        try {
            r = Json.readFile(o.advice, AdviseReport.class);
        } catch (IOException e) {
            throw new IOException(o.advice + " is not an advise report (advise.json): " + e.getMessage()
                    + "; run ./transfer4j.sh advise first and pass its advise.json", e);
        }
        if (r.scores() == null) {
            throw new IOException(o.advice + " is not an advise report (advise.json): it has no scores");
        }
        Advise.Score best = r.scores().stream().filter(s -> !s.randomControl()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(o.advice + " scores no pretrained candidate, so there is"
                        + " nothing to seed the sweep with"));
        return run.withBase(best.candidate(), new Advise.Ranking(r.scores(), r.failures()).suggestedCut(best.candidate()).cut());
    }

    /** {@code spec} with its learning rate narrowed to the advice's range, when {@code o.advice} probed strategies. */
    static SpaceSpec space(SweepOptions o, SpaceSpec spec) throws IOException {
        if (o.advice == null) {
            return spec;
        }
        AdviseReport r = Json.readFile(o.advice, AdviseReport.class);
        if (r.strategy() == null || r.strategy().recommendation() == null) {
            return spec;
        }
        var rec = r.strategy().recommendation();
        java.util.Map<String, SpaceSpec.Param> p = new java.util.LinkedHashMap<>(spec.parameters());
        p.put("learningRate", new SpaceSpec.Param(null, null, rec.learningRateLow() / 2, rec.learningRateHigh() * 2, false, true));
        return new SpaceSpec(p);
    }
}
