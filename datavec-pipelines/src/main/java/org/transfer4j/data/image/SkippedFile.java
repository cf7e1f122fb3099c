package org.transfer4j.data.image;

/** An image a pipeline left out, and why; listed in the run's report. */
public record SkippedFile(String file, String reason) {
}
