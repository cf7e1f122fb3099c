package org.transfer4j.train;

import java.util.Map;

import org.deeplearning4j.nn.layers.LayerHelper;

/** A layer helper that answers DL4J's general questions with the layer's own helper, which it replaces for a step. */
abstract class DelegatingHelper<H extends LayerHelper> implements LayerHelper {
    protected final H delegate;

    DelegatingHelper(H delegate) {
        this.delegate = delegate;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return delegate.helperMemoryUse();
    }

    @Override
    public boolean checkSupported() {
        return delegate.checkSupported();
    }
}
