package org.transfer4j.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a result came from, built once when the work starts and carried into its report (Tribuo's
 * {@code ModelProvenance}): when, on what (library versions, Java, CPUs, threads, the ND4J backend, whether DL4J's
 * oneDNN helpers are on: {@link RunEnvironment}), from which data (its fingerprint), which weights (the base's
 * SHA-256) and which plan or options (as given, written as JSON). Fields that do not apply are null.
 */
public record Provenance(String created, Map<String, String> environment, String dataFingerprint, String weightsSha256,
                         Object plan) {
    public Provenance {
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** The provenance of work starting now in this JVM. */
    public static Provenance of(String dataFingerprint, String weightsSha256, Object plan) {
        return new Provenance(java.time.Instant.now().toString(), RunEnvironment.capture(), dataFingerprint, weightsSha256, plan);
    }

    /** The same, for work that runs {@code parallelRuns} trainings side by side. */
    public static Provenance of(String dataFingerprint, String weightsSha256, Object plan, int parallelRuns) {
        return new Provenance(java.time.Instant.now().toString(), RunEnvironment.capture(parallelRuns), dataFingerprint,
                weightsSha256, plan);
    }

    /** The same provenance, its data known only once the work is done (a sweep learns it from its best candidate). */
    public Provenance withData(String fingerprint) {
        return new Provenance(created, environment, fingerprint, weightsSha256, plan);
    }

    /** The lines every report ends with. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("\n## Provenance\n\n");
        sb.append("- created: ").append(created).append('\n');
        if (dataFingerprint != null) {
            sb.append("- data: ").append(dataFingerprint).append('\n');
        }
        if (weightsSha256 != null) {
            sb.append("- weights: ").append(weightsSha256).append('\n');
        }
        environment.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
