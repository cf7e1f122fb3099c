package org.transfer4j.app.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.fashion.LabelledImages;

/**
 * The README's path as a new user takes it: a separate Maven project whose {@code pom.xml} is the README's pom block and
 * whose {@code Main.java} is the README's main block, built offline against the library installed in the local
 * repository (run-tests.sh runs {@code mvn install}, which installs each module before the next is tested), run on
 * folders of Fashion-MNIST PNGs with the real nsfwjs MobileNetV2. Nothing of this build's own configuration
 * ({@code .mvn/maven.config}'s {@code -Djavacpp.platform}, the root pom's dependency management) reaches that project.
 */
class UserProjectIT {
    @TempDir
    Path tmp;

    static String block(String readme, String name, String language) {
        Matcher m = Pattern.compile("<!-- example:" + Pattern.quote(name) + " -->\\s*```" + language + "\\n(.*?)```",
                Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README has a " + language + " block marked example:" + name);
        return m.group(1);
    }

    /** {@code perClass} PNGs of each of three Fashion-MNIST classes under {@code root/<class>/}. */
    static void fashionFolder(Path root, LabelledImages images, int from, int perClass) throws IOException {
        int[] keep = {5, 7, 9}; // sandal, sneaker, ankle boot
        String[] names = {"sandal", "sneaker", "ankle-boot"};
        for (int c = 0; c < keep.length; c++) {
            Path dir = Files.createDirectories(root.resolve(names[c]));
            int written = 0;
            int seen = 0;
            for (int i = 0; i < images.size() && written < perClass; i++) {
                if (images.originalClass(i) == keep[c] && seen++ >= from) {
                    write(images, i, dir.resolve(String.format("%04d.png", i)));
                    written++;
                }
            }
        }
    }

    static void write(LabelledImages images, int i, Path file) throws IOException {
        BufferedImage img = new BufferedImage(images.width(), images.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = images.pixels(i);
        for (int y = 0; y < images.height(); y++) {
            for (int x = 0; x < images.width(); x++) {
                img.getRaster().setSample(x, y, 0, px[y * images.width() + x] & 0xFF);
            }
        }
        ImageIO.write(img, file.getFileName().toString().endsWith(".jpg") ? "jpg" : "png", file.toFile());
    }

    @Test
    void aNewProjectBuiltFromTheReadmeFineTunesAndPredictsOffline() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Path project = tmp.resolve("my-classifier");
        Files.createDirectories(project.resolve("src/main/java"));
        Files.writeString(project.resolve("pom.xml"), block(readme, "pom", "xml"));
        Files.writeString(project.resolve("src/main/java/Main.java"), block(readme, "main", "java"));

        FashionMnist fashion = FashionMnist.locateAndLoad(null);
        fashionFolder(project.resolve("photos"), fashion.train(), 0, 40);
        fashionFolder(project.resolve("test-photos"), fashion.test(), 0, 10);
        write(fashion.test(), 0, project.resolve("new-photo.jpg"));
        Path inbox = Files.createDirectories(project.resolve("inbox"));
        write(fashion.test(), 1, inbox.resolve("a.png"));
        Files.write(inbox.resolve("b-empty.png"), new byte[0]);
        Files.writeString(inbox.resolve("c-text.jpg"), "not a picture");

        // Offline, with the machine's local repository and nothing of this build's Maven configuration.
        run(project, 600, "mvn", "-B", "-o", "-q", "compile", "dependency:build-classpath", "-Dmdep.outputFile=cp.txt");
        String cp = "target/classes:" + Files.readString(project.resolve("cp.txt")).trim();
        assertTrue(!cp.contains("android-arm") && !cp.contains("junit"), "no other platform's natives, no JUnit: " + cp);
        String out = run(project, 900, "java", "-cp", cp, "Main");

        Matcher acc = Pattern.compile("test accuracy (\\d\\.\\d+)").matcher(out);
        assertTrue(acc.find(), out);
        // Three well-separated shoe classes through ImageNet features: chance is 1/3.
        assertTrue(Double.parseDouble(acc.group(1)) >= 0.6, out);
        assertTrue(Files.isRegularFile(project.resolve("runs/photos/model/model.zip")));
        assertTrue(Pattern.compile("(?m)^(sandal|sneaker|ankle-boot) 0\\.\\d+$").matcher(out).find(), out);
        assertTrue(out.contains("b-empty.png: empty file (0 bytes)") && out.contains("c-text.jpg: not an image"), out);
        assertTrue(Pattern.compile("a\\.png: (sandal|sneaker|ankle-boot) \\[Score").matcher(out).find(), out);
        Matcher eval = Pattern.compile("accuracy (\\d\\.\\d+) on 30 images").matcher(out);
        assertTrue(eval.find(), out);
    }

    /** Runs {@code command} in {@code dir}; its output, or a failure that shows it. */
    static String run(Path dir, int seconds, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("MAVEN_OPTS");
        pb.environment().remove("MAVEN_ARGS");
        pb.environment().put("OMP_NUM_THREADS", "1");
        Path log = dir.resolve(command[0] + ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(done, String.join(" ", cmd) + " did not finish in " + seconds + " s:\n" + out);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }
}
