package org.transfer4j.zoo.keras;

import java.nio.file.Path;

/** Child JVM of {@link Hdf5ExitIT}: imports each Keras file given a few times, then returns (the JVM exits). */
public final class ImportAndExit {
    private ImportAndExit() {
    }

    public static void main(String[] args) throws Exception {
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (String f : args) {
                KerasImport.load(Path.of(f), KerasOptions.defaults());
                KerasFileInfo.of(Path.of(f));
            }
        }
        System.gc(); // anything left to finalizers now races the exit, as it did with DL4J's unclosed HDF5 handles
        System.out.println("imported " + 3 * args.length);
    }
}
