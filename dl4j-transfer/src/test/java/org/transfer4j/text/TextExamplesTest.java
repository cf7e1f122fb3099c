package org.transfer4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading labelled texts (folder, CSV, TSV), the errors that name the file, and the seeded per-class splits. */
class TextExamplesTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderOfClassSubFoldersReadsInNameOrderSkippingEmptyFilesAndOtherFiles() throws Exception {
        write("b/2.txt", "second b");
        write("b/1.txt", "first b");
        write("a/x.txt", "  an a  ");
        write("a/empty.txt", "   ");
        write("a/notes.md", "not a text file");
        write("c/readme.md", "a class without texts");
        TextExamples t = TextExamples.folder(tmp);
        assertEquals(List.of("a", "b"), t.classes());
        assertEquals(List.of("an a", "first b", "second b"), t.texts());
        assertEquals(List.of(0, 1, 1), t.labels());
    }

    @Test
    void csvAndTsvTablesWithAHeaderReadQuotedMultiLineFields() throws Exception {
        Path csv = write("t.csv", "id,label,text\n1,spam,\"Buy now, cheap\"\n2,ham,\"see you\nat noon\"\n3,spam,win\n");
        TextExamples c = TextExamples.table(csv);
        assertEquals(List.of("ham", "spam"), c.classes());
        assertEquals(List.of("see you\nat noon", "Buy now, cheap", "win"), c.texts());
        Path tsv = write("t.tsv", "text\tlabel\nhello there\tgreet\nbye now\tpart\n");
        assertEquals(List.of("hello there", "bye now"), TextExamples.table(tsv).texts(), "greet before part");
    }

    @Test
    void badInputIsRefusedNamingTheFileAndWhatIsWrong() throws Exception {
        Path noHeader = write("n.csv", "spam,hello\nham,bye\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextExamples.table(noHeader));
        assertTrue(e.getMessage().contains("n.csv") && e.getMessage().contains("'label'"), e.getMessage());
        Path empty = write("e.csv", "label,text\nspam,\nham,bye\n");
        e = assertThrows(IllegalArgumentException.class, () -> TextExamples.table(empty));
        assertTrue(e.getMessage().contains("e.csv, line"), e.getMessage());
        Path one = write("o.csv", "label,text\nspam,a\nspam,b\n");
        e = assertThrows(IllegalArgumentException.class, () -> TextExamples.table(one));
        assertTrue(e.getMessage().contains("two classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TextExamples.folder(tmp.resolve("missing")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TextExamples.table(tmp.resolve("missing.csv")));
    }

    @Test
    void splitsAreStratifiedDisjointAndSeeded() {
        TextExamples t = examples(20, 10);
        TextExamples.Split s = t.split(0.1, 0.2, 5);
        assertEquals(List.of(14, 7), counts(s.train()));
        assertEquals(List.of(2, 1), counts(s.validation()));
        assertEquals(List.of(4, 2), counts(s.test()));
        var all = new HashSet<String>();
        all.addAll(s.train().texts());
        all.addAll(s.validation().texts());
        all.addAll(s.test().texts());
        assertEquals(30, all.size(), "every text in exactly one part");
        assertEquals(s, t.split(0.1, 0.2, 5), "same seed, same split");
        assertNotEquals(s.test(), t.split(0.1, 0.2, 6).test());
        assertThrows(IllegalArgumentException.class, () -> t.split(0.5, 0.5, 1));
    }

    @Test
    void kShotSamplesAndHoldOutsTakeAFixedNumberPerClass() {
        TextExamples t = examples(20, 10);
        TextExamples k = t.sample(5, 3);
        assertEquals(List.of(5, 5), counts(k));
        assertEquals(List.of(20, 10), counts(t.sample(50, 3)), "a class with fewer gives all it has");
        assertNotEquals(k.texts(), t.sample(5, 4).texts());
        TextExamples.Split h = t.holdOut(4, 0);
        assertEquals(List.of(4, 4), counts(h.test()));
        assertEquals(List.of(16, 6), counts(h.train()));
        assertEquals(0, h.validation().size());
        assertThrows(IllegalArgumentException.class, () -> t.holdOut(10, 0), "b would keep no training text");
        assertThrows(IllegalArgumentException.class, () -> t.sample(0, 1));
    }

    private static TextExamples examples(int a, int b) {
        List<String> as = java.util.stream.IntStream.range(0, a).mapToObj(i -> "a" + i).toList();
        List<String> bs = java.util.stream.IntStream.range(0, b).mapToObj(i -> "b" + i).toList();
        return TextExamples.of(Map.of("a", as, "b", bs), "test");
    }

    private static List<Integer> counts(TextExamples t) {
        int[] n = new int[t.classes().size()];
        t.labels().forEach(l -> n[l]++);
        return java.util.Arrays.stream(n).boxed().toList();
    }

    private Path write(String rel, String text) throws Exception {
        Path f = tmp.resolve(rel);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, text);
    }
}
