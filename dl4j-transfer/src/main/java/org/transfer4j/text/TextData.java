package org.transfer4j.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Labelled texts for {@code TextTransfer.fit}: a folder of class sub-folders of {@code .txt} files or a CSV/TSV table,
 * split per class with the run's seed (default 10% validation, 10% test), or splits given outright.
 */
public interface TextData {
    /** The train, validation and test parts for a run seeded with {@code seed}. */
    TextExamples.Split open(long seed) throws IOException;

    /** What the data is, for reports. */
    String describe();

    /** A folder of class sub-folders, or a {@code .csv}/{@code .tsv} file, split 80/10/10 per class. */
    static TextData of(Path folderOrTable) {
        return of(folderOrTable, 0.1, 0.1);
    }

    static TextData of(Path folderOrTable, double validation, double test) {
        return new TextData() {
            @Override
            public TextExamples.Split open(long seed) throws IOException {
                TextExamples all = Files.isDirectory(folderOrTable) ? TextExamples.folder(folderOrTable)
                        : TextExamples.table(folderOrTable);
                return all.split(validation, test, seed);
            }

            @Override
            public String describe() {
                return folderOrTable.toString();
            }
        };
    }

    /** Splits made by the caller (an empty validation part means fixed epochs, the final weights kept). */
    static TextData splits(TextExamples train, TextExamples validation, TextExamples test) {
        return new TextData() {
            @Override
            public TextExamples.Split open(long seed) {
                return new TextExamples.Split(train, validation, test);
            }

            @Override
            public String describe() {
                return train.size() + " training texts in " + train.classes().size() + " classes";
            }
        };
    }
}
