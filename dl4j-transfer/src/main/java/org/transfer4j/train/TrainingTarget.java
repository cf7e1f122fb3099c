package org.transfer4j.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.transfer.FeaturizedHead;
import org.transfer4j.transfer.plan.Dl4jTransferLearning;

/**
 * What the trainer trains: a whole network, or only the trainable top of one on featurized input
 * (the frozen part ran once, see {@link FeaturizeCache}).
 */
public interface TrainingTarget {
    /** The network whose state is checkpointed and restored. */
    Model trained();

    void fit(DataSet batch);

    INDArray output(INDArray features);

    /** The complete network with the trained parameters, for export. */
    Model complete();

    /** Input is raw images. */
    record Whole(Model network) implements TrainingTarget {
        public Model trained() {
            return network;
        }

        public void fit(DataSet batch) {
            Nets.fit(network, batch);
        }

        public INDArray output(INDArray features) {
            return Nets.output(network, features);
        }

        public Model complete() {
            return network;
        }
    }

    /** Input is the activations at a ComputationGraph's frozen boundary (DL4J's helper works on graphs). */
    record GraphTop(ComputationGraph network, Dl4jTransferLearning.GraphTop helper) implements TrainingTarget {
        public GraphTop(ComputationGraph network) {
            this(network, new Dl4jTransferLearning.GraphTop(network));
        }

        /** Split at {@code boundary}: see {@link Dl4jTransferLearning.GraphTop#GraphTop(ComputationGraph, String)}. */
        public GraphTop(ComputationGraph network, String boundary) {
            this(network, new Dl4jTransferLearning.GraphTop(network, boundary));
        }

        public Model trained() {
            return helper.top();
        }

        public void fit(DataSet batch) {
            Nets.step(helper.top(), () -> helper.fit(batch)); // the trained top, with the training loop's savings
        }

        public INDArray output(INDArray features) {
            return helper.output(features);
        }

        public Model complete() {
            ComputationGraph top = helper.top();
            for (var l : top.getLayers()) {
                String name = l.conf().getLayer().getLayerName();
                if (l.numParams() > 0) {
                    network.getLayer(name).setParams(l.params().dup());
                }
            }
            return network;
        }

        public DataSet featurize(DataSet raw) {
            return helper.featurize(raw);
        }
    }

    /** Input is the activations of a MultiLayerNetwork's last frozen layer. */
    record LayersTop(FeaturizedHead head) implements TrainingTarget {
        public Model trained() {
            return head.head();
        }

        public void fit(DataSet batch) {
            Nets.step(head.head(), () -> head.fit(batch));
        }

        public INDArray output(INDArray features) {
            return head.output(features);
        }

        public Model complete() {
            return head.syncFullNetwork();
        }
    }
}
