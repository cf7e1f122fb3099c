package org.transfer4j.app.sweep;

import org.transfer4j.app.finetune.RunSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.distribution.UniformIntegerDistribution;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.transfer4j.common.Json;

/**
 * A sweep space as data (JSON): for each transfer choice either a fixed {@code value}, a list of
 * {@code values} (categorical), or a range {@code min}/{@code max} ({@code integer}, {@code log} scale).
 * {@link #toArbiter()} turns it into Arbiter parameter spaces. The names are {@link #NAMES}.
 */
public record SpaceSpec(Map<String, Param> parameters) {
    /** The choices a candidate makes: the run's sweep parameters ({@link RunSpec.Parameter}). */
    public static final List<String> NAMES = java.util.Arrays.stream(RunSpec.Parameter.values()).map(RunSpec.Parameter::key).toList();

    /** One parameter's space. */
    public record Param(Object value, List<Object> values, Double min, Double max, boolean integer, boolean log) {
    }

    public SpaceSpec {
        for (String k : parameters.keySet()) {
            if (!NAMES.contains(k)) {
                throw new IllegalArgumentException("unknown sweep parameter '" + k + "'; known: " + NAMES);
            }
        }
        parameters.forEach((k, p) -> {
            int kinds = (p.value() != null ? 1 : 0) + (p.values() != null ? 1 : 0) + (p.min() != null || p.max() != null ? 1 : 0);
            if (kinds != 1) {
                throw new IllegalArgumentException("sweep parameter '" + k + "' must have exactly one of value, values or"
                        + " min/max, got " + p);
            }
            if (p.min() != null && (p.max() == null || !(p.min() <= p.max()) || (p.log() && p.min() <= 0))) {
                throw new IllegalArgumentException("sweep parameter '" + k + "' needs min <= max (and min > 0 on a log scale),"
                        + " got min=" + p.min() + " max=" + p.max());
            }
        });
        parameters = new LinkedHashMap<>(parameters);
    }

    public static SpaceSpec read(Path file) throws IOException {
        try {
            return Json.readFile(file, SpaceSpec.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": not a sweep space (" + e.getMessage() + "); see the README's sweep section", e);
        }
    }

    /** The default space: transfer choices for the Fashion-MNIST target task on the study's LeNet. */
    public static SpaceSpec defaults() {
        try (InputStream in = SpaceSpec.class.getResourceAsStream("default-space.json")) {
            return Json.MAPPER.readValue(in, SpaceSpec.class);
        } catch (IOException e) {
            throw new IllegalStateException("the built-in default-space.json is unreadable", e);
        }
    }

    /** Arbiter spaces by parameter name, in {@link #NAMES} order. */
    public Map<String, ParameterSpace<?>> toArbiter() {
        Map<String, ParameterSpace<?>> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            Param p = parameters.get(name);
            if (p == null) {
                continue;
            }
            if (p.value() != null) {
                out.put(name, new FixedValue<>(p.value()));
            } else if (p.values() != null) {
                out.put(name, new DiscreteParameterSpace<>(p.values().toArray()));
            } else if (p.integer()) {
                out.put(name, new IntegerParameterSpace(new UniformIntegerDistribution(p.min().intValue(), p.max().intValue())));
            } else if (p.log()) {
                out.put(name, new ContinuousParameterSpace(new LogUniformDistribution(p.min(), p.max())));
            } else {
                out.put(name, new ContinuousParameterSpace(p.min(), p.max()));
            }
        }
        return out;
    }
}
