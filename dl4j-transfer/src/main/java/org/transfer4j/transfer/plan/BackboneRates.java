package org.transfer4j.transfer.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.transfer4j.plan.Strategy;

/**
 * Discriminative learning rates: a trainable backbone layer in the block {@code d} blocks below the
 * top block trains at head rate x factor x decay^d. Layers after the last block boundary (pooling,
 * flatten) count as the top block.
 */
final class BackboneRates {
    private final Map<String, Integer> depth = new HashMap<>();
    private final double headRate;
    private final Strategy.LastBlocks rates;

    /**
     * @param order  every layer or vertex name in forward order (layer index strings for a
     *               MultiLayerNetwork may appear as well as names: both are matched against blocks)
     * @param blocks the catalogue's ordered block boundaries
     */
    BackboneRates(List<List<String>> order, List<String> blocks, double headRate, Strategy.LastBlocks rates) {
        this.headRate = headRate;
        this.rates = rates;
        int top = Math.max(0, blocks.size() - 1);
        int block = 0;
        for (List<String> aliases : order) {
            int d = Math.max(0, top - Math.min(block, top));
            aliases.forEach(a -> depth.put(a, d));
            if (aliases.stream().anyMatch(blocks::contains)) {
                block++;
            }
        }
    }

    double rate(String layer) {
        return headRate * rates.backboneRateFactor() * Math.pow(rates.perBlockDecay(), depth.getOrDefault(layer, 0));
    }

    /** The block rates a strategy gives trainable backbone layers (null: feature extraction, none train). */
    static Strategy.LastBlocks of(Strategy s, int unfrozenBlocks) {
        if (s instanceof Strategy.LastBlocks ft) {
            return ft;
        }
        if (s instanceof Strategy.Gradual g) {
            return g.rates(unfrozenBlocks);
        }
        if (s instanceof Strategy.Scratch) {
            return new Strategy.LastBlocks(1, 1.0, 1.0); // every layer at the head rate
        }
        if (s instanceof Strategy.KeepFileFreezing k) {
            return new Strategy.LastBlocks(1, k.backboneRateFactor(), 1.0); // one rate for every trained layer
        }
        return null;
    }
}
