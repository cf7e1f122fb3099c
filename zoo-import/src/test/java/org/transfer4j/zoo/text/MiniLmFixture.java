package org.transfer4j.zoo.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.TextEncoderEntry;
import org.transfer4j.zoo.source.MavenJarSource;

/**
 * The catalogue's all-MiniLM-L6-v2, resolved as a user's build would: its jar is a test dependency, so the files
 * come from the classpath, verified, into a test cache. Real sentences of several kinds for parity checks.
 */
public final class MiniLmFixture {
    public static final String ID = "all-minilm-l6-v2";

    /** Sentences with punctuation, accents, digits, CJK characters, rare words and lengths from 2 to 60 pieces. */
    public static final List<String> SENTENCES = List.of(
            "Hello world!",
            "The quick brown fox jumps over the lazy dog.",
            "Café au lait, naïve résumé: Ünïcödé accents are stripped in uncased BERT.",
            "GNU Emacs is an extensible, customizable text editor, and more; at its core is an interpreter for Emacs"
                    + " Lisp, a dialect of the Lisp programming language with extensions to support text editing.",
            "Version 2.4.1-rc3 fixes CVE-2024-12345 (a heap overflow in libfoo's parser) on x86_64 and arm64.",
            "東京 is the capital of 日本.",
            "Transfer learning reuses a pretrained network's features for a new task.",
            "supercalifragilisticexpialidocious antidisestablishmentarianism");

    private MiniLmFixture() {
    }

    public static TextEncoderEntry entry() {
        return Catalogue.builtIn().textEncoder(ID);
    }

    public static MavenJarSource.EncoderFiles files(Path cache) throws IOException {
        return new MavenJarSource(cache, cache.resolve("no-local-repository"), "mvn-not-needed").resolve(entry());
    }
}
