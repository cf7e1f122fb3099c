package org.transfer4j.app.sweep;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;

/**
 * The sweep's score for Arbiter's runner and generators: the best validation accuracy of the candidate's
 * early-stopped training (higher is better), as the trainer recorded it in the candidate's journal entry
 * (the result's model-specific object).
 */
final class ValidationScore implements ScoreFunction {
    /** The score the trainer recorded: Arbiter's "model" here is the candidate's journal entry. */
    @Override
    public double score(Object model, DataProvider dataProvider, Map<String, Object> dataParameters) {
        return of(model);
    }

    @Override
    public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
        return of(model);
    }

    private static double of(Object model) {
        if (model instanceof Journal.Entry e && e.score() != null) {
            return e.score();
        }
        throw new IllegalArgumentException("expected a scored sweep journal entry, got " + model);
    }

    @Override
    public boolean minimize() {
        return false;
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(Object.class);
    }

    @Override
    public List<Class<?>> getSupportedDataTypes() {
        return List.of(Object.class);
    }

    /** Arbiter's runner insists on a data provider; the trainer reads the data itself. */
    static final class NoData implements DataProvider {
        @Override
        public Object trainData(Map<String, Object> dataParameters) {
            return null;
        }

        @Override
        public Object testData(Map<String, Object> dataParameters) {
            return null;
        }

        @Override
        public Class<?> getDataType() {
            return Object.class;
        }
    }
}
