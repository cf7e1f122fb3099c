package org.transfer4j.app.advise;

import java.util.List;

import org.transfer4j.advise.Advise;
import org.transfer4j.advise.StrategyAdvice;

/**
 * What {@code advise} found: every score best first, the candidates it could not score, the
 * recommendation in one sentence, the strategy probes on the best backbone (null when not asked for), the
 * inputs and the wall time.
 */
public record AdviseReport(List<Advise.Score> scores, List<Advise.Failure> failures, String recommendation, StrategyAdvice strategy,
                           List<String> candidates, String data, int examples, double seconds,
                           org.transfer4j.report.Provenance provenance) implements org.transfer4j.report.Report {

    @Override
    public String toMarkdown() {
        return AdviseReportWriter.markdown(this);
    }

    @Override
    public java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts() {
        return AdviseReportWriter.charts(this);
    }

    @Override
    public String markdownFile() {
        return AdviseReportWriter.MARKDOWN;
    }

    @Override
    public String jsonFile() {
        return AdviseReportWriter.JSON;
    }

    /** The sentence: the best pretrained cut, and whether it beats its random control. */
    static String recommend(Advise.Ranking r) {
        List<Advise.Score> pretrained = r.scores().stream().filter(s -> !s.randomControl()).toList();
        if (pretrained.isEmpty()) {
            return "No candidate could be scored; see the list below.";
        }
        Advise.Score best = pretrained.get(0);
        Advise.Score cut = r.suggestedCut(best.candidate());
        StringBuilder sb = new StringBuilder(String.format("Start with %s (LogME %.4f at %s).", best.candidate(),
                best.logMe(), best.cut()));
        sb.append(String.format(" For feature extraction cut it at %s: a linear probe on its features classifies %.1f%% of"
                + " the %d sampled images (leave-one-out).", cut.cut(), 100 * cut.probeAccuracy(), cut.examples()));
        r.scores().stream().filter(s -> s.randomControl() && s.candidate().equals(best.candidate())).findFirst()
                .ifPresent(c -> sb.append(best.logMe() > c.logMe()
                        ? String.format(" Its pretrained features beat its random-weight twin (%.4f).", c.logMe())
                        : String.format(" Warning: its random-weight twin scores as well or better (%.4f): little carries over"
                        + " from its pretraining to this task; training from scratch may be as good.", c.logMe())));
        return sb.toString();
    }
}
