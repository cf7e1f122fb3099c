package org.transfer4j.advise;

import java.util.Comparator;
import java.util.List;

import org.transfer4j.plan.Strategy;

/**
 * Picks the strategy to start with from each probed strategy's expected accuracy on the full data, its
 * uncertainty and its expected wall time: the cheapest strategy whose expected accuracy is within one
 * combined standard error of the best one's. Starting with it costs least among the strategies the probes
 * cannot tell apart; training from scratch is the better bet when it beats every transfer strategy by more
 * than that margin.
 */
public final class StrategyChoice {
    private StrategyChoice() {
    }

    /**
     * A probed strategy: the strategy, its expected accuracy, the standard error that says which strategies are told
     * apart (the advisor gives the binomial error of its largest probe), seconds.
     */
    public record Option(Strategy strategy, double accuracy, double standardError, double seconds) {
        /** Whether it is the from-scratch baseline. */
        public boolean scratch() {
            return strategy instanceof Strategy.Scratch;
        }
    }

    /** The choice, the most accurate option, and whether scratch beats every transfer strategy beyond the noise. */
    public record Choice(Option chosen, Option mostAccurate, boolean scratchBetter, boolean scratchAsGood) {
    }

    public static Choice choose(List<Option> options) {
        if (options == null || options.isEmpty()) {
            throw new IllegalArgumentException("no strategy was probed: nothing to choose from");
        }
        Option best = options.stream().max(Comparator.comparingDouble(Option::accuracy)).orElseThrow();
        Option chosen = options.stream().filter(o -> withinNoise(o, best))
                .min(Comparator.comparingDouble(Option::seconds).thenComparing(o -> -o.accuracy())).orElseThrow();
        List<Option> transfer = options.stream().filter(o -> !o.scratch()).toList();
        Option scratch = options.stream().filter(Option::scratch).max(Comparator.comparingDouble(Option::accuracy)).orElse(null);
        boolean scratchBetter = scratch != null && !transfer.isEmpty()
                && transfer.stream().noneMatch(o -> withinNoise(o, scratch));
        boolean scratchAsGood = scratch != null && withinNoise(scratch, best);
        if (scratchBetter) {
            chosen = scratch;
        }
        return new Choice(chosen, best, scratchBetter, scratchAsGood);
    }

    /** Whether {@code o}'s accuracy is within one combined standard error of {@code best}'s. */
    static boolean withinNoise(Option o, Option best) {
        double se = Math.sqrt(o.standardError() * o.standardError() + best.standardError() * best.standardError());
        return o.accuracy() >= best.accuracy() - se;
    }
}
