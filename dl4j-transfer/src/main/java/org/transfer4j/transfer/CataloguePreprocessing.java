package org.transfer4j.transfer;

import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.zoo.catalogue.ModelEntry;

/**
 * Hands a catalogue entry's preprocessing to the image pipeline, so that input size, channel order and
 * normalisation come from the same record as the weights and cannot drift from them. This is where
 * zoo-import and datavec-pipelines meet; neither knows the other.
 */
public final class CataloguePreprocessing {
    private CataloguePreprocessing() {
    }

    public static ImagePreprocessing of(ModelEntry entry) {
        if (entry.preprocessing() == null) {
            throw new IllegalArgumentException(entry.id() + " has no preprocessing in the catalogue (upstream does not"
                    + " document it); pass an ImagePreprocessing explicitly");
        }
        int c = entry.inputShape().get(0);
        int h = entry.inputShape().get(1);
        int w = entry.inputShape().get(2);
        ImagePreprocessing.ChannelOrder order = c == 1 ? ImagePreprocessing.ChannelOrder.GREY
                : "BGR".equals(entry.channelOrder()) ? ImagePreprocessing.ChannelOrder.BGR : ImagePreprocessing.ChannelOrder.RGB;
        return new ImagePreprocessing(h, w, ImagePreprocessing.defaultResizeShorter(Math.min(h, w)), order,
                entry.preprocessing());
    }
}
