package org.transfer4j.app.advise;

import java.util.List;
import java.util.stream.IntStream;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.transfer4j.advise.StrategyAdvice;

/**
 * Validation accuracy against training examples (log scale): each strategy's probes as points, its fitted
 * curve extended to the full training set, and the expected accuracy there with its standard error.
 */
final class LearningCurveChart {
    private LearningCurveChart() {
    }

    static XYChart of(StrategyAdvice a) {
        XYChart chart = new XYChartBuilder().width(900).height(680)
                .title("Learning curves: probes (points), fit extrapolated to all " + a.trainExamples() + " examples (± 1 se)")
                .xAxisTitle("training examples (log scale)").yAxisTitle("validation accuracy").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        java.awt.Color[] palette = {new java.awt.Color(31, 119, 180), new java.awt.Color(255, 127, 14),
                new java.awt.Color(44, 160, 44), new java.awt.Color(214, 39, 40), new java.awt.Color(148, 103, 189)};
        int i = 0;
        for (StrategyAdvice.Curve c : a.curves()) {
            List<StrategyAdvice.Probe> points = a.probes().stream()
                    .filter(p -> p.ran() && p.strategy().equals(c.strategy()) && sameRate(p, a)).toList();
            if (points.isEmpty()) {
                continue;
            }
            java.awt.Color colour = palette[i++ % palette.length];
            XYSeries probes = chart.addSeries(c.label() + " (probes)", points.stream().mapToDouble(StrategyAdvice.Probe::examples).toArray(),
                    points.stream().mapToDouble(StrategyAdvice.Probe::validationAccuracy).toArray());
            probes.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            probes.setMarkerColor(colour);
            double from = points.stream().mapToDouble(StrategyAdvice.Probe::examples).min().orElseThrow();
            double to = Math.max(from, a.trainExamples());
            double[] xs = IntStream.rangeClosed(0, 20).mapToDouble(k -> from * Math.pow(to / from, k / 20.0)).toArray();
            XYSeries fit = chart.addSeries(c.label() + " (fit)", xs, java.util.Arrays.stream(xs).map(c::accuracyAt).toArray());
            fit.setMarker(SeriesMarkers.NONE);
            fit.setLineColor(colour);
            XYSeries expected = chart.addSeries(c.label() + String.format(" (expected: %.3f ± %.3f)", c.expectedAccuracy(),
                    c.standardError()), new double[] {to}, new double[] {c.expectedAccuracy()}, new double[] {c.standardError()});
            expected.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            expected.setMarker(SeriesMarkers.DIAMOND);
            expected.setMarkerColor(colour);
        }
        return chart;
    }

    /** Whether {@code p} ran at the rate the curves were fitted at (the rate probes' other rates are not on the curve). */
    private static boolean sameRate(StrategyAdvice.Probe p, StrategyAdvice a) {
        double base = a.probes().get(0).learningRate();
        return p.learningRate() == base;
    }
}
