package org.transfer4j.app.sweep;

import java.nio.file.Path;
import java.util.Map;

import org.transfer4j.app.finetune.FineTuneOptions;
import org.transfer4j.plan.BatchNormPolicy;

/** Turns a candidate's choices into the fine-tuning options it trains with. */
final class CandidateOptions {
    private CandidateOptions() {
    }

    static FineTuneOptions of(FineTuneOptions template, Map<String, Object> p, Path dir) {
        FineTuneOptions o = template.copy();
        o.outputDir = dir;
        o.progress = false;
        p.forEach((name, v) -> {
            switch (name) {
                case "strategy" -> o.strategy = v.toString();
                case "blocks" -> o.blocks = ((Number) v).intValue();
                case "learningRate" -> o.learningRate = ((Number) v).doubleValue();
                case "backboneRateFactor" -> o.backboneRateFactor = ((Number) v).doubleValue();
                case "weightDecay" -> o.weightDecay = ((Number) v).doubleValue();
                case "hidden" -> o.hidden = ((Number) v).intValue();
                case "dropout" -> o.dropout = ((Number) v).doubleValue();
                case "batchSize" -> o.batchSize = ((Number) v).intValue();
                case "augmentMagnitude" -> o.augmentMagnitude = ((Number) v).intValue();
                case "batchNorm" -> o.batchNorm = BatchNormPolicy.valueOf(v.toString());
                default -> throw new IllegalArgumentException("unknown sweep parameter " + name);
            }
        });
        return o;
    }
}
