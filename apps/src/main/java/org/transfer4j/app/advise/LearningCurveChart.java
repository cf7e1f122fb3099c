package org.transfer4j.app.advise;

import java.util.List;
import java.util.stream.IntStream;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.transfer4j.api.StrategyAdvice;

/**
 * Validation accuracy against training examples (log scale): each strategy's probes as points, its fitted
 * curve extended to the full training set, and the expected accuracy there with its standard error.
 */
final class LearningCurveChart {
    private LearningCurveChart() {
    }

    static XYChart of(StrategyAdvice a) {
        XYChart chart = new XYChartBuilder().width(900).height(540)
                .title("Learning curves: probes (points), fit extrapolated to all " + a.trainExamples() + " examples (± 1 se)")
                .xAxisTitle("training examples (log scale)").yAxisTitle("validation accuracy").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (StrategyAdvice.Curve c : a.curves()) {
            List<StrategyAdvice.Probe> points = a.probes().stream()
                    .filter(p -> p.ran() && p.strategy().equals(c.strategy()) && sameRate(p, a)).toList();
            if (points.isEmpty()) {
                continue;
            }
            XYSeries probes = chart.addSeries(c.strategy() + " (probes)", points.stream().mapToDouble(StrategyAdvice.Probe::examples).toArray(),
                    points.stream().mapToDouble(StrategyAdvice.Probe::validationAccuracy).toArray());
            probes.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            double from = points.stream().mapToDouble(StrategyAdvice.Probe::examples).min().orElseThrow();
            double to = Math.max(from, a.trainExamples());
            double[] xs = IntStream.rangeClosed(0, 20).mapToDouble(i -> from * Math.pow(to / from, i / 20.0)).toArray();
            double[] ys = java.util.Arrays.stream(xs).map(c::accuracyAt).toArray();
            double[] err = new double[xs.length];
            err[err.length - 1] = c.standardError();
            XYSeries fit = chart.addSeries(c.strategy() + " (fit)", xs, ys, err);
            fit.setMarker(SeriesMarkers.NONE);
            fit.setLineColor(probes.getMarkerColor());
        }
        return chart;
    }

    /** Whether {@code p} ran at the rate the curves were fitted at (the rate probes' other rates are not on the curve). */
    private static boolean sameRate(StrategyAdvice.Probe p, StrategyAdvice a) {
        double base = a.probes().get(0).learningRate();
        return p.learningRate() == base;
    }
}
