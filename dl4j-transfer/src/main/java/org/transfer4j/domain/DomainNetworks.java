package org.transfer4j.domain;

import org.transfer4j.plan.DomainMethod;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.transfer.plan.GraphAddition;
import org.transfer4j.transfer.plan.NewLayer;
import org.transfer4j.transfer.plan.NewVertex;

/**
 * Builds the networks of domain adaptation: a classifier whose label head is {@link NetworkTransfer#HEAD_OUTPUT}
 * gets further outputs: a domain classifier behind a gradient reversal layer at the feature vertex (DANN) or at the
 * features times the predictions (CDAN), a batch loss between the domains (MMD at the features, CORAL at the logits,
 * JAN at the features and the logits), and the target entropy at the logits when
 * its weight is above 0. Outputs are ordered [label head, domain output, entropy output].
 *
 * <p>Classifiers built here ({@link #head}) keep the logits as their own vertex ({@link #LOGITS}, a dense layer
 * without activation, under a softmax {@code LossLayer}), which CORAL and the entropy read; a network whose head is
 * one softmax {@code OutputLayer} has no logits vertex, and CORAL then reads the features.
 */
public final class DomainNetworks {
    public static final String FEATURES = "features";
    public static final String LOGITS = "logits";
    public static final String GRL = "domain_grl";
    public static final String DOMAIN_HIDDEN = "domain_hidden";
    public static final String DOMAIN_OUTPUT = "domain_output";
    public static final String ENTROPY_OUTPUT = "entropy_output";
    /** CDAN and JAN: the features and the logits side by side. */
    public static final String JOINT = "domain_joint";
    public static final String CONDITIONAL_MAP = "domain_map";

    private DomainNetworks() {
    }

    /**
     * {@code g} with the method's outputs. Baselines (and AdaBN, which trains as source only) get {@code g} unchanged.
     *
     * @param logitsVertex the vertex holding the logits, or null (CORAL then reads {@code featureVertex}; the entropy
     *                     term needs logits)
     * @param example      one input example, to size the feature vertex
     */
    public static ComputationGraph attach(ComputationGraph g, String featureVertex, String logitsVertex, DomainMethod m,
                                          DomainOptions o, INDArray example) {
        if (!m.adapts()) {
            return g;
        }
        if (o.entropyWeight() > 0 && logitsVertex == null) {
            throw new IllegalArgumentException("the entropy term reads the logits: this network has no logits vertex");
        }
        if (m.conditional() && logitsVertex == null) {
            throw new IllegalArgumentException(m.label() + " reads the logits beside the features: this network has no"
                    + " logits vertex");
        }
        var acts = g.feedForward(new INDArray[] {example}, false);
        String coralAt = logitsVertex != null ? logitsVertex : featureVertex;
        String at = m == DomainMethod.CORAL ? coralAt : featureVertex;
        INDArray f = acts.get(at);
        if (f == null) {
            throw new IllegalArgumentException("vertex '" + at + "' is not in the network");
        }
        long width = f.length() / f.size(0);
        if (m.conditional() && f.rank() != 2) {
            throw new IllegalArgumentException(m.label() + " reads flat features; vertex '" + at + "' has shape "
                    + java.util.Arrays.toString(f.shape()));
        }
        long classes = m.conditional() ? acts.get(logitsVertex).size(1) : 0;
        InputPreProcessor flat = f.rank() == 4 ? new CnnToFeedForwardPreProcessor(f.size(2), f.size(3), f.size(1)) : null;
        // The domain classifier learns at the rate of the rest (Ganin et al. 2016): the study's earlier 10x was picked
        // on target test labels.
        IUpdater updater = o.updater();
        List<GraphAddition> add = new ArrayList<>(switch (m) {
            case DANN -> List.of(
                    new NewLayer(GRL, new GradientReversal(GRL, 0), flat, featureVertex),
                    new NewLayer(DOMAIN_HIDDEN, new DenseLayer.Builder().nIn(width).nOut(o.domainHidden())
                            .activation(Activation.RELU).weightInit(WeightInit.XAVIER).updater(updater).build(), null, GRL),
                    new NewLayer(DOMAIN_OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .nIn(o.domainHidden()).nOut(2).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER)
                            .updater(updater).build(), null, DOMAIN_HIDDEN));
            // CDAN: Long et al. 2018 and tllib's ConditionalDomainAdversarialLoss; the domain classifier is DANN's
            // (reversal schedule, 100 hidden units, same rate), reading the multilinear map of the features and the
            // predictions.
            case CDAN -> List.of(
                    new NewVertex(JOINT, new MergeVertex(), featureVertex, logitsVertex),
                    new NewLayer(CONDITIONAL_MAP, new ConditionalMap(CONDITIONAL_MAP, (int) width), null, JOINT),
                    new NewLayer(GRL, new GradientReversal(GRL, 0), null, CONDITIONAL_MAP),
                    new NewLayer(DOMAIN_HIDDEN, new DenseLayer.Builder().nIn(width * classes).nOut(o.domainHidden())
                            .activation(Activation.RELU).weightInit(WeightInit.XAVIER).updater(updater).build(), null, GRL),
                    new NewLayer(DOMAIN_OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .nIn(o.domainHidden()).nOut(2).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER)
                            .updater(updater).build(), null, DOMAIN_HIDDEN));
            // JAN: Long et al. 2017 and tllib's JointMultipleKernelMaximumMeanDiscrepancy, at MMD's trade-off.
            case JAN -> List.of(
                    new NewVertex(JOINT, new MergeVertex(), featureVertex, logitsVertex),
                    new NewLayer(DOMAIN_OUTPUT, new LossLayer.Builder(new JointMmdLoss(o.mmdWeight(), (int) width))
                            .activation(Activation.IDENTITY).build(), null, JOINT));
            case CORAL, MMD -> List.of(new NewLayer(DOMAIN_OUTPUT, new LossLayer.Builder(
                    m == DomainMethod.CORAL ? new CoralLoss(o.coralWeight()) : new MmdLoss(o.mmdWeight()))
                    .activation(Activation.IDENTITY).build(), flat, at));
            default -> throw new IllegalStateException("no domain output for " + m);
        });
        List<String> outputs = new ArrayList<>(List.of(g.getConfiguration().getNetworkOutputs().get(0), DOMAIN_OUTPUT));
        if (o.entropyWeight() > 0) {
            add.add(new NewLayer(ENTROPY_OUTPUT, new LossLayer.Builder(new EntropyLoss(o.entropyWeight()))
                    .activation(Activation.IDENTITY).build(), null, logitsVertex));
            outputs.add(ENTROPY_OUTPUT);
        }
        // The label head stays the first output, whatever it is called (MultiLayerNetwork.toComputationGraph()
        // may name vertices by index).
        return NetworkTransfer.addLayers(g, add, outputs.toArray(String[]::new));
    }

    /** {@link #attach(ComputationGraph, String, String, DomainMethod, DomainOptions, INDArray)} without a logits vertex. */
    public static ComputationGraph attach(ComputationGraph g, String featureVertex, DomainMethod m, DomainOptions o,
                                          INDArray example) {
        return attach(g, featureVertex, null, m, o, example);
    }

    /**
     * A classifier over feature vectors of width {@code in}, as the pretrained track trains on a frozen backbone's
     * pooled activations: {@code in} -> {@link #FEATURES} (dense {@code hidden}, ReLU) -> {@link #LOGITS} -> softmax
     * {@link NetworkTransfer#HEAD_OUTPUT}, every layer with {@code o}'s updater.
     */
    public static ComputationGraph head(long in, int hidden, int classes, DomainOptions o, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(o.updater())
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(in))
                .addLayer(FEATURES, new DenseLayer.Builder().nOut(hidden).activation(Activation.RELU).build(), "in")
                .addLayer(LOGITS, new DenseLayer.Builder().nOut(classes).activation(Activation.IDENTITY).build(), FEATURES)
                .addLayer(NetworkTransfer.HEAD_OUTPUT, softmaxLoss(), LOGITS)
                .setOutputs(NetworkTransfer.HEAD_OUTPUT).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** The label head over a logits vertex: softmax cross-entropy without parameters of its own. */
    public static LossLayer softmaxLoss() {
        return new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build();
    }
}
