package org.transfer4j.text;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Labelled texts: each text with the index of its class in {@link #classes} (sorted names). Read from a folder of
 * class sub-folders of {@code .txt} files, or from a CSV/TSV table with a header naming {@code label} and
 * {@code text} columns; split per class with a seed, or sampled K per class.
 */
public record TextExamples(List<String> texts, List<Integer> labels, List<String> classes) {
    public TextExamples {
        texts = List.copyOf(texts);
        labels = List.copyOf(labels);
        classes = List.copyOf(classes);
        if (texts.size() != labels.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + labels.size() + " labels");
        }
        for (int l : labels) {
            if (l < 0 || l >= classes.size()) {
                throw new IllegalArgumentException("label " + l + " outside the " + classes.size() + " classes");
            }
        }
    }

    public int size() {
        return texts.size();
    }

    /** {@code root/<class>/*.txt}, one text per file (UTF-8); files and classes in name order. */
    public static TextExamples folder(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("text folder " + root.toAbsolutePath() + " does not exist; give a folder"
                    + " with one sub-folder of .txt files per class");
        }
        Map<String, List<String>> byClass = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                List<String> texts = new ArrayList<>();
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                        String t = Files.readString(f, StandardCharsets.UTF_8).strip();
                        if (!t.isEmpty()) {
                            texts.add(t);
                        }
                    }
                }
                if (!texts.isEmpty()) {
                    byClass.put(d.getFileName().toString(), texts);
                }
            }
        }
        return of(byClass, root.toString() + " (class sub-folders of non-empty .txt files)");
    }

    /**
     * A CSV ({@code .csv}) or tab-separated ({@code .tsv}, {@code .tab}) file whose header names a {@code label} and a
     * {@code text} column; quoted fields may span lines.
     */
    public static TextExamples table(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("text table " + file.toAbsolutePath() + " does not exist");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        CSVFormat format = (name.endsWith(".tsv") || name.endsWith(".tab") ? CSVFormat.TDF : CSVFormat.RFC4180)
                .builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
        Map<String, List<String>> byClass = new TreeMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser p = CSVParser.parse(r, format)) {
            if (!p.getHeaderMap().containsKey("label") || !p.getHeaderMap().containsKey("text")) {
                throw new IllegalArgumentException(file + ": the header must name a 'label' and a 'text' column, found "
                        + p.getHeaderNames());
            }
            for (CSVRecord rec : p) {
                if (!rec.isSet("label") || !rec.isSet("text")) {
                    throw new IllegalArgumentException(file + ", line " + rec.getParser().getCurrentLineNumber()
                            + ": the record has no label or no text field");
                }
                String label = rec.get("label").strip();
                String text = rec.get("text").strip();
                if (label.isEmpty() || text.isEmpty()) {
                    throw new IllegalArgumentException(file + ", line " + rec.getParser().getCurrentLineNumber()
                            + ": empty label or text");
                }
                byClass.computeIfAbsent(label, k -> new ArrayList<>()).add(text);
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(file + " is not a readable " + (format == CSVFormat.TDF ? "TSV" : "CSV")
                    + " file: " + e.getMessage(), e);
        }
        return of(byClass, file.toString());
    }

    /** Texts grouped by class name. */
    public static TextExamples of(Map<String, List<String>> byClass, String source) {
        if (byClass.size() < 2) {
            throw new IllegalArgumentException(source + ": at least two classes with texts are needed, found "
                    + byClass.keySet());
        }
        List<String> classes = new ArrayList<>(new TreeMap<>(byClass).keySet());
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (String t : byClass.get(classes.get(c))) {
                texts.add(t);
                labels.add(c);
            }
        }
        return new TextExamples(texts, labels, classes);
    }

    /** Row indices of each class, in order. */
    List<List<Integer>> rowsByClass() {
        List<List<Integer>> rows = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            rows.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.size(); i++) {
            rows.get(labels.get(i)).add(i);
        }
        return rows;
    }

    /** These rows, in this order. */
    public TextExamples rows(List<Integer> rows) {
        List<String> t = new ArrayList<>(rows.size());
        List<Integer> l = new ArrayList<>(rows.size());
        for (int r : rows) {
            t.add(texts.get(r));
            l.add(labels.get(r));
        }
        return new TextExamples(t, l, classes);
    }

    /** Train, validation and test parts, the same fraction of every class in each (seeded shuffle per class). */
    public record Split(TextExamples train, TextExamples validation, TextExamples test) {
    }

    public Split split(double validation, double test, long seed) {
        if (validation < 0 || test < 0 || validation + test >= 1) {
            throw new IllegalArgumentException("validation and test fractions must be >= 0 and leave training rows, got "
                    + validation + " and " + test);
        }
        List<Integer> tr = new ArrayList<>();
        List<Integer> va = new ArrayList<>();
        List<Integer> te = new ArrayList<>();
        Random rnd = new Random(seed);
        for (List<Integer> rows : rowsByClass()) {
            Collections.shuffle(rows, rnd);
            int nTest = (int) Math.round(rows.size() * test);
            int nVal = (int) Math.round(rows.size() * validation);
            te.addAll(rows.subList(0, nTest));
            va.addAll(rows.subList(nTest, nTest + nVal));
            tr.addAll(rows.subList(nTest + nVal, rows.size()));
        }
        return new Split(rows(tr), rows(va), rows(te));
    }

    /** {@code perClass} rows of every class as the test part (seeded), the rest as training, no validation. */
    public Split holdOut(int perClass, long seed) {
        List<Integer> tr = new ArrayList<>();
        List<Integer> te = new ArrayList<>();
        Random rnd = new Random(seed);
        for (List<Integer> rows : rowsByClass()) {
            if (rows.size() <= perClass) {
                throw new IllegalArgumentException("class " + classes.get(labels.get(rows.get(0))) + " has " + rows.size()
                        + " texts: holding out " + perClass + " leaves none to train on");
            }
            Collections.shuffle(rows, rnd);
            te.addAll(rows.subList(0, perClass));
            tr.addAll(rows.subList(perClass, rows.size()));
        }
        return new Split(rows(tr), rows(List.of()), rows(te));
    }

    /** {@code k} rows of every class (all of a class that has fewer), drawn with {@code seed}. */
    public TextExamples sample(int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        List<Integer> picked = new ArrayList<>();
        Random rnd = new Random(seed);
        for (List<Integer> rows : rowsByClass()) {
            Collections.shuffle(rows, rnd);
            picked.addAll(rows.subList(0, Math.min(k, rows.size())));
        }
        return rows(picked);
    }
}
