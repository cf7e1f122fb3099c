package org.transfer4j.domain;

import java.util.List;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.transfer.plan.NewLayer;
import org.transfer4j.transfer.plan.NetworkTransfer;

/**
 * Builds the networks of domain adaptation: a feature extractor with the label head
 * ({@link NetworkTransfer#HEAD_OUTPUT}) gets a second output at its feature vertex: a domain classifier
 * behind a gradient reversal layer (DANN) or a batch loss between the domains (CORAL, MMD). The
 * feature extractor can be the study's small CNN or any network a {@code TransferPlan} made from a
 * catalogue backbone (MultiLayerNetworks via {@code toComputationGraph()}).
 */
public final class DomainNetworks {
    public static final String FEATURES = "features";
    public static final String GRL = "domain_grl";
    public static final String DOMAIN_HIDDEN = "domain_hidden";
    public static final String DOMAIN_OUTPUT = "domain_output";

    private DomainNetworks() {
    }

    /**
     * {@code g} with the method's domain output at {@code featureVertex}; outputs become [the label
     * head (g's first output), the domain output]. Baselines get {@code g} unchanged.
     *
     * @param example one input example, to size the feature vertex
     */
    public static ComputationGraph attach(ComputationGraph g, String featureVertex, DomainMethod m, DomainOptions o,
                                          INDArray example) {
        if (!m.adapts()) {
            return g;
        }
        INDArray f = g.feedForward(new INDArray[] {example}, false).get(featureVertex);
        if (f == null) {
            throw new IllegalArgumentException("vertex '" + featureVertex + "' is not in the network");
        }
        long width = f.length() / f.size(0);
        InputPreProcessor flat = f.rank() == 4 ? new CnnToFeedForwardPreProcessor(f.size(2), f.size(3), f.size(1)) : null;
        // The domain classifier learns faster than the features it judges (x domainRateFactor): with equal
        // rates DANN lowered target accuracy (0.257 against 0.369 source only, one seed), with x10 it rose.
        Adam adam = new Adam(o.learningRate() * o.domainRateFactor());
        List<NewLayer> add = switch (m) {
            case DANN -> List.of(
                    new NewLayer(GRL, new GradientReversal(GRL, 0), flat, featureVertex),
                    new NewLayer(DOMAIN_HIDDEN, new DenseLayer.Builder().nIn(width).nOut(o.domainHidden())
                            .activation(Activation.RELU).weightInit(WeightInit.XAVIER).updater(adam).build(), null, GRL),
                    new NewLayer(DOMAIN_OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .nIn(o.domainHidden()).nOut(2).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER)
                            .updater(adam).build(), null, DOMAIN_HIDDEN));
            case CORAL, MMD -> List.of(new NewLayer(DOMAIN_OUTPUT, new LossLayer.Builder(
                    m == DomainMethod.CORAL ? new CoralLoss(o.coralWeight()) : new MmdLoss(o.mmdWeight()))
                    .activation(Activation.IDENTITY).build(), flat, featureVertex));
            default -> throw new IllegalStateException("no domain output for " + m);
        };
        // The label head stays the first output, whatever it is called (MultiLayerNetwork.toComputationGraph()
        // may name vertices by index).
        return NetworkTransfer.addLayers(g, add, g.getConfiguration().getNetworkOutputs().get(0), DOMAIN_OUTPUT);
    }
}
