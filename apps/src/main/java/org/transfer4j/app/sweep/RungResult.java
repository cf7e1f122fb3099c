package org.transfer4j.app.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link RungJob} reports: {@link #PAUSED} at the rung's epoch (it may go on), {@link Journal.Entry#COMPLETE}
 * (early stopping or the last epoch ended it) or {@link Journal.Entry#FAILED} (with the stack trace); the
 * best validation accuracy so far, its test accuracy, and the validation curve of every epoch trained so far.
 */
public record RungResult(int index, String status, Double score, Double testAccuracy, ArrayList<Double> validationByEpoch,
                         String stopReason, String error, double seconds) implements Serializable {
    public static final String PAUSED = "paused";

    public RungResult {
        validationByEpoch = validationByEpoch == null ? new ArrayList<>() : new ArrayList<>(validationByEpoch);
    }

    static RungResult of(int index, String status, Double score, Double test, List<Double> curve, String stopReason,
                         String error, double seconds) {
        return new RungResult(index, status, score, test, curve == null ? null : new ArrayList<>(curve), stopReason, error, seconds);
    }

    boolean paused() {
        return PAUSED.equals(status);
    }
}
