package org.transfer4j.advise;

import java.util.Comparator;
import java.util.List;

/** The advisor's words: the recommendation's text and the learning-rate range the probes support. */
final class AdviceText {
    private AdviceText() {
    }

    /**
     * The rates whose accuracy is within one binomial standard error of the best rate's: [lowest, highest].
     * Only {@code probes} at one subset size are compared.
     */
    static double[] rateRange(List<StrategyAdvice.Probe> probes, int validation) {
        StrategyAdvice.Probe best = probes.stream().max(Comparator.comparingDouble(StrategyAdvice.Probe::validationAccuracy))
                .orElseThrow(() -> new IllegalArgumentException("no probe to read a learning rate from"));
        double p = best.validationAccuracy();
        double margin = Math.sqrt(p * (1 - p) / validation);
        double[] ok = probes.stream().filter(q -> q.validationAccuracy() >= p - margin).mapToDouble(StrategyAdvice.Probe::learningRate)
                .sorted().toArray();
        return new double[] {ok[0], ok[ok.length - 1]};
    }

    static String text(StrategyChoice.Choice choice, StrategyAdvisor.Candidate chosen, StrategyAdvice.Curve cc,
                       List<StrategyAdvice.Curve> curves, double[] range, double[] probedRates, int fullTrain) {
        StringBuilder sb = new StringBuilder();
        if (choice.scratchBetter()) {
            sb.append("Train from scratch: it beats every transfer strategy beyond the probes' noise. ");
        }
        String rates = probedRates.length > 1 ? String.format("at a learning rate in [%.0e, %.0e]", range[0], range[1])
                : String.format("at a learning rate of %.0e (the only rate probed for it)", range[0]);
        if (probedRates.length > 1 && range[1] == probedRates[probedRates.length - 1]) {
            rates += " (the highest rate probed: a higher one may do better)";
        } else if (probedRates.length > 1 && range[0] == probedRates[0]) {
            rates += " (the lowest rate probed: a lower one may do better)";
        }
        sb.append(String.format("Start with %s%s %s: expected validation accuracy %.3f ± %.3f on all %d training examples,"
                        + " about %.0f s on this machine (up to %d epochs).", chosen.isScratch() ? "training from scratch" : chosen.strategy().describe(),
                chosen.trained().isEmpty() || chosen.isScratch() ? "" : " (" + String.join(", ", chosen.trained()) + ")",
                rates, cc.expectedAccuracy(), cc.standardError(), fullTrain, cc.expectedSeconds(), cc.fullEpochs()));
        StrategyAdvice.Curve best = curves.stream().filter(c -> c.strategy().equals(choice.mostAccurate().strategy())).findFirst()
                .orElseThrow();
        if (!best.strategy().equals(chosen.strategy()) && !best.scratch()) {
            sb.append(String.format(" %s is expected to be %.3f ± %.3f, within the probes' noise, at %.0f s.",
                    capitalised(best.label()), best.expectedAccuracy(), best.standardError(), best.expectedSeconds()));
        }
        curves.stream().filter(StrategyAdvice.Curve::scratch).findFirst().filter(s -> !s.strategy().equals(chosen.strategy()))
                .ifPresent(s -> sb.append(String.format(choice.scratchAsGood()
                        ? " Training from scratch is as good within the probes' noise (%.3f ± %.3f): the pretrained weights buy little here."
                        : " Training from scratch is expected to reach %.3f ± %.3f: the pretrained weights are the better bet.",
                        s.expectedAccuracy(), s.standardError())));
        return sb.toString();
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
