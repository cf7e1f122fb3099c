package org.transfer4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns JMH's JSON rows into report rows and renders the Markdown. */
final class Results {
    private Results() {
    }

    static Map<String, Object> row(JsonNode r, int threads, Machine machine) {
        String benchmark = r.get("benchmark").asText();
        Map<String, String> params = new TreeMap<>();
        r.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        JsonNode m = r.get("primaryMetric");
        double factor = switch (m.get("scoreUnit").asText()) {
            case "us/op" -> 1e-3;
            case "ns/op" -> 1e-6;
            case "s/op" -> 1e3;
            default -> 1.0; // ms/op
        };
        double ms = m.get("score").asDouble() * factor;
        double err = m.get("scoreError").asDouble() * factor;
        double flops = Flops.of(benchmark, params);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("benchmark", benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1));
        row.put("params", params);
        row.put("threads", threads);
        row.put("msPerOp", ms);
        row.put("msError", Double.isNaN(err) ? null : err);
        row.put("gflops", flops > 0 ? flops / (ms / 1e3) / 1e9 : null);
        row.put("percentOfPeak", flops > 0 ? 100 * flops / (ms / 1e3) / 1e9 / (machine.peakGflopsPerCore() * threads) : null);
        if (params.containsKey("batch")) {
            row.put("imagesPerSecond", Integer.parseInt(params.get("batch")) / (ms / 1e3));
        }
        row.put("backend", machine.backend());
        row.put("device", machine.cpu());
        return row;
    }

    /** Helpers off time / helpers on time for each benchmark measured both ways in this run. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> helperSpeedups(List<Map<String, Object>> rows) {
        Map<String, Double> on = new LinkedHashMap<>();
        Map<String, Double> off = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            Map<String, String> p = new TreeMap<>((Map<String, String>) r.get("params"));
            String helpers = p.remove("helpers");
            if (helpers == null) {
                continue;
            }
            String key = r.get("benchmark") + " " + p + " threads=" + r.get("threads");
            ("on".equals(helpers) ? on : off).put(key, (Double) r.get("msPerOp"));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        on.forEach((k, v) -> {
            if (off.containsKey(k)) {
                out.add(Map.of("benchmark", k, "helpersOnMs", v, "helpersOffMs", off.get(k), "speedup", off.get(k) / v));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> doc, Machine machine) {
        StringBuilder sb = new StringBuilder("# transfer4j benchmarks (" + doc.get("profile") + " profile)\n\n");
        sb.append(String.format("Device: %s, %d cores; backend %s; versions %s.%n", machine.cpu(), machine.cores(),
                machine.backend(), doc.get("versions")));
        sb.append(String.format("FP32 peak per core: %.1f GFLOP/s (%s). %% of peak is against peak x threads.%n%n",
                machine.peakGflopsPerCore(), machine.peakSource()));
        sb.append("| benchmark | params | threads | ms/op | GFLOP/s | % of peak | images/s |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : (List<Map<String, Object>>) doc.get("results")) {
            sb.append(String.format("| %s | %s | %s | %.3f ± %s | %s | %s | %s |%n", r.get("benchmark"), r.get("params"),
                    r.get("threads"), (Double) r.get("msPerOp"), fmt(r.get("msError"), "%.3f"), fmt(r.get("gflops"), "%.1f"),
                    fmt(r.get("percentOfPeak"), "%.0f%%"), fmt(r.get("imagesPerSecond"), "%.1f")));
        }
        List<Map<String, Object>> speedups = (List<Map<String, Object>>) doc.get("speedups");
        if (!speedups.isEmpty()) {
            sb.append("\n## oneDNN layer helpers: speed-up of on over off (same run)\n\n| benchmark | off ms | on ms | speed-up |\n|---|---:|---:|---:|\n");
            for (Map<String, Object> s : speedups) {
                sb.append(String.format("| %s | %.1f | %.1f | %.2fx |%n", s.get("benchmark"), (Double) s.get("helpersOffMs"),
                        (Double) s.get("helpersOnMs"), (Double) s.get("speedup")));
            }
        }
        sb.append("\nMachine-readable: results.json. This machine is shared and noisy: compare ratios within one run.\n");
        return sb.toString();
    }

    private static String fmt(Object v, String f) {
        return v == null ? "" : String.format(f, ((Number) v).doubleValue());
    }
}
