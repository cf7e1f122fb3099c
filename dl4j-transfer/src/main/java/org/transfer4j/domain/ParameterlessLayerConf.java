package org.transfer4j.domain;

import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The configuration side of a custom layer without parameters ({@link GradientReversal}, {@link ConditionalMap}):
 * instantiation as DL4J's own layers do it, no input preprocessor, a memory report with working memory of the
 * output's size. Subclasses give the working layer and the output type.
 */
public abstract class ParameterlessLayerConf extends NoParamLayer {

    protected ParameterlessLayerConf() {
    }

    protected ParameterlessLayerConf(org.deeplearning4j.nn.conf.layers.Layer.Builder<?> b) {
        super(b);
    }

    /** The working layer for {@code conf}. */
    protected abstract ParameterlessLayer<?> create(NeuralNetConfiguration conf, DataType dataType);

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        ParameterlessLayer<?> l = create(conf, dataType);
        l.setListeners(listeners);
        l.setIndex(index);
        l.setParamsViewArray(paramsView);
        Map<String, INDArray> table = initializer().init(conf, paramsView, initializeParams);
        l.setParamTable(table);
        l.setConf(conf);
        return l;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, out).standardMemory(0, 0)
                .workingMemory(0, 0, 0, out.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }
}
