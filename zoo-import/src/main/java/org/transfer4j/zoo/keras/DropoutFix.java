package org.transfer4j.zoo.keras;

import java.util.HashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Repairs two dropout defects of DL4J 1.0.0-M2.1's Keras import.
 * <ol>
 *   <li>A Keras 2 Dropout layer stores its rate as {@code rate}; DL4J reads {@code dropout}, finds
 *       nothing and imports a DropoutLayer that keeps everything, so fine-tuning silently loses the
 *       model's dropout. The rate is restored from the file's own configuration.</li>
 *   <li>Every other imported layer gets a no-op {@code Dropout(p=1.0)}; on channels-last convolutions
 *       its backward pass fails ("Op [multiply] execution failed"), so an imported CNN cannot be
 *       fitted. No-op dropouts are removed.</li>
 * </ol>
 */
final class DropoutFix {
    private DropoutFix() {
    }

    static void apply(Model net, KerasFileInfo info) {
        Map<String, Double> rates = new HashMap<>();
        for (KerasFileInfo.Layer l : info.layers()) {
            if ("Dropout".equals(l.className()) && l.rate() != null) {
                rates.put(l.name(), l.rate());
            }
        }
        if (net instanceof MultiLayerNetwork n) {
            for (int i = 0; i < n.getnLayers(); i++) {
                fix(n.getLayerWiseConfigurations().getConf(i).getLayer(), rates);
                fix(n.getLayer(i).conf().getLayer(), rates);
            }
        } else if (net instanceof ComputationGraph g) {
            for (var layer : g.getLayers()) {
                fix(layer.conf().getLayer(), rates);
            }
            g.getConfiguration().getVertices().values().forEach(v -> {
                if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) {
                    fix(lv.getLayerConf().getLayer(), rates);
                }
            });
        }
    }

    private static void fix(Layer layer, Map<String, Double> rates) {
        Double rate = rates.get(layer.getLayerName());
        if (layer instanceof DropoutLayer && rate != null && rate > 0 && rate < 1) {
            layer.setIDropout(new Dropout(1.0 - rate)); // DL4J's p is the probability of keeping an activation
            return;
        }
        IDropout d = layer.getIDropout();
        if (d instanceof Dropout dropout && dropout.getP() >= 1.0 && dropout.getPSchedule() == null
                && !(layer instanceof DropoutLayer)) {
            layer.setIDropout(null);
        }
    }
}
