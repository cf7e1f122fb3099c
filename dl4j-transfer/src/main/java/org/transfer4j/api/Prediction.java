package org.transfer4j.api;

import java.util.List;

/**
 * What a model says about one image: its most probable classes with their probabilities (best first), or, for an image
 * that could not be used, why ({@link #error()}, and no classes).
 *
 * @param source the file path, or the name given to an in-memory image
 */
public record Prediction(String source, List<Score> top, String error) {
    /** A class and the model's probability for it. */
    public record Score(String label, double probability) {
    }

    public Prediction {
        top = top == null ? List.of() : List.copyOf(top);
        if (top.isEmpty() == (error == null)) {
            throw new IllegalArgumentException("a prediction has classes or an error, not both or neither: " + source);
        }
    }

    /** True when the image was classified. */
    public boolean ok() {
        return error == null;
    }

    /** The most probable class; null for an image that could not be used. */
    public String label() {
        return ok() ? top.get(0).label() : null;
    }

    /** The most probable class's probability; NaN for an image that could not be used. */
    public double probability() {
        return ok() ? top.get(0).probability() : Double.NaN;
    }
}
