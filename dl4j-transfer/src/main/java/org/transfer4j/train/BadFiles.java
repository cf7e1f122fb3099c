package org.transfer4j.train;

import java.util.List;
import java.util.stream.Collectors;

import org.transfer4j.data.image.SkippedFile;

/** Skipped files in one line for logs and errors: the first few with their reasons, then how many more. */
public final class BadFiles {
    private BadFiles() {
    }

    public static String list(List<SkippedFile> files, int shown) {
        String head = files.stream().limit(shown).map(f -> f.file() + " (" + f.reason() + ")").collect(Collectors.joining("; "));
        return files.size() > shown ? head + "; and " + (files.size() - shown) + " more (all in the report)" : head;
    }
}
