package org.transfer4j.zoo.inspect;

import java.util.List;

/**
 * Every layer or vertex of a network, in topological order, with totals; printable and JSON.
 *
 * @param feature      the feature vertex (recorded, or found from the network; null when neither)
 * @param classifier   the classifier vertex, likewise
 * @param frozenInFile layers a Keras or TF.js file marks {@code trainable: false} (DL4J imports them trainable)
 * @param notes        what the counts mean where they differ from the file's (e.g. BatchNorm without scale)
 */
public record ModelSummary(String model, String networkType, List<Row> rows, List<String> blocks, long totalParameters,
                           long trainableParameters, long frozenParameters, String feature, String classifier,
                           List<String> frozenInFile, List<String> notes) {

    /** One layer or vertex. {@code outputShape} excludes the batch dimension. */
    public record Row(String name, String type, String outputShape, long parameters, boolean frozen, List<String> inputs) {
    }

    /** A fixed-width table followed by the block boundaries and the totals. */
    public String table() {
        int wName = Math.max(4, rows.stream().mapToInt(r -> r.name().length()).max().orElse(4));
        int wType = Math.max(4, rows.stream().mapToInt(r -> r.type().length()).max().orElse(4));
        int wShape = Math.max(12, rows.stream().mapToInt(r -> r.outputShape().length()).max().orElse(12));
        String fmt = "%-" + wName + "s  %-" + wType + "s  %-" + wShape + "s  %,14d  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-" + wName + "s  %-" + wType + "s  %-" + wShape + "s  %14s  %s%n", "name", "type",
                "output shape", "parameters", "state"));
        sb.append("-".repeat(wName + wType + wShape + 14 + 16)).append('\n');
        for (Row r : rows) {
            sb.append(String.format(fmt, r.name(), r.type(), r.outputShape(), r.parameters(),
                    r.parameters() == 0 ? "" : r.frozen() ? "frozen" : "trainable"));
        }
        sb.append('\n').append("feature vertex: ").append(feature == null ? "unknown" : feature)
                .append(", classifier: ").append(classifier == null ? "unknown" : classifier);
        sb.append('\n').append("blocks (in order): ").append(blocks.isEmpty() ? "none recorded" : String.join(", ", blocks));
        if (!frozenInFile.isEmpty()) {
            sb.append('\n').append("frozen in the file (trainable: false), ").append(frozenInFile.size()).append(" layers: ")
                    .append(String.join(", ", frozenInFile));
        }
        notes.forEach(n -> sb.append('\n').append("note: ").append(n));
        sb.append(String.format("%nparameters: %,d total, %,d trainable, %,d frozen%n", totalParameters,
                trainableParameters, frozenParameters));
        return sb.toString();
    }
}
