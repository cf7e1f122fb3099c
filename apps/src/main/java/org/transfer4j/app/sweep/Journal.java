package org.transfer4j.app.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;

/**
 * Every finished candidate of a sweep, one JSON line each in {@code journal.jsonl}, rewritten
 * atomically after each candidate so that a kill leaves the journal as it was after the last finished
 * one. A restarted sweep reads it and skips those candidates.
 */
public final class Journal {
    public static final String FILE = "journal.jsonl";

    /** One finished candidate: complete, pruned or failed (with the stack trace). */
    public record Entry(int index, Map<String, Object> parameters, String status, Double score, Double testAccuracy,
                        List<Double> validationByEpoch, String stopReason, String error, double seconds, String directory) {
        public static final String COMPLETE = "complete";
        public static final String PRUNED = "pruned";
        public static final String FAILED = "failed";

        public int epochs() {
            return validationByEpoch == null ? 0 : validationByEpoch.size();
        }
    }

    private final Path file;
    private final TreeMap<Integer, Entry> entries = new TreeMap<>();

    public Journal(Path dir) throws IOException {
        this.file = Files.createDirectories(dir).resolve(FILE);
        if (Files.isRegularFile(file)) {
            int line = 0;
            for (String s : Files.readAllLines(file)) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                try {
                    Entry e = Json.MAPPER.readValue(s, Entry.class);
                    entries.put(e.index(), e);
                } catch (IOException e) {
                    throw new IOException(file + " line " + line + " is not a journal entry (" + e.getMessage()
                            + "); delete the sweep directory to start afresh", e);
                }
            }
        }
    }

    public synchronized Entry get(int index) {
        return entries.get(index);
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public synchronized void add(Entry e) throws IOException {
        entries.put(e.index(), e);
        StringBuilder b = new StringBuilder();
        for (Entry x : entries.values()) {
            b.append(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(x)).append('\n');
        }
        AtomicFiles.writeString(file, b.toString());
    }
}
