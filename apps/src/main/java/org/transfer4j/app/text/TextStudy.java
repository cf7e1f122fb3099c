package org.transfer4j.app.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transfer4j.api.Fit;
import org.transfer4j.api.TextClassifier;
import org.transfer4j.api.TextTransfer;
import org.transfer4j.common.Sha256;
import org.transfer4j.plan.Strategy;
import org.transfer4j.report.Provenance;
import org.transfer4j.report.ReportWriter;
import org.transfer4j.text.TextData;
import org.transfer4j.text.TextExamples;
import org.transfer4j.zoo.text.TextEncoder;

/**
 * The text study: on Debian's package descriptions by archive section, a bag-of-words baseline (naive Bayes) against
 * the pretrained encoder's feature extraction and fine-tuning of its top blocks, at K training texts a class, over
 * seeds, on one held-out test set. A client of {@link TextTransfer} only.
 */
public final class TextStudy {
    private static final Logger LOG = LoggerFactory.getLogger("transfer4j.text-study");
    static final String BAG_OF_WORDS = "naive Bayes (words)";
    static final String FEATURES = "feature extraction";

    private TextStudy() {
    }

    public static void main(String[] args) {
        System.exit(org.transfer4j.app.launch.Launcher.execute(new TextStudyCommand(), args));
    }

    public static TextStudyReport run(TextStudyOptions o) throws IOException, InterruptedException {
        o.validate();
        long start = System.nanoTime();
        Path data = DebianTask.ensure(o.data);
        TextExamples all = TextExamples.folder(data);
        TextExamples.Split held = all.holdOut(o.testPerClass, 0);
        TextExamples pool = held.train();
        TextExamples test = held.test();
        TextExamples none = new TextExamples(List.of(), List.of(), all.classes());
        LOG.info("{} texts in {} classes; {} held out for testing", all.size(), all.classes().size(), test.size());
        TextEncoder encoder = TextEncoder.pretrained(o.encoder);
        String fineTuned = "fine-tuning the last " + o.fineTuneBlocks + " blocks";
        List<TextStudyReport.Run> runs = new ArrayList<>();
        for (int k : o.ks) {
            for (long seed : o.seeds) {
                TextExamples train = pool.sample(k, seed);
                long t = System.nanoTime();
                double nb = new NaiveBayes(train).accuracy(test);
                runs.add(log(new TextStudyReport.Run(k, BAG_OF_WORDS, seed, nb, (System.nanoTime() - t) / 1e9)));
                t = System.nanoTime();
                TextClassifier fe = TextTransfer.from(encoder).seed(seed)
                        .fit(TextData.splits(train, none, test), Fit.epochs(10).progressBar(false));
                runs.add(log(new TextStudyReport.Run(k, FEATURES, seed, fe.report().testAccuracy(), (System.nanoTime() - t) / 1e9)));
                if (o.fineTune) {
                    t = System.nanoTime();
                    TextClassifier ft = TextTransfer.from(encoder).seed(seed)
                            .strategy(Strategy.lastBlocks(o.fineTuneBlocks, o.fineTuneFactor, 1.0))
                            .fit(TextData.splits(train, none, test), Fit.epochs(1).minSteps(o.fineTuneSteps).progressBar(false));
                    runs.add(log(new TextStudyReport.Run(k, fineTuned, seed, ft.report().testAccuracy(),
                            (System.nanoTime() - t) / 1e9)));
                }
                System.gc(); // each fine-tuned graph holds ~100 MB of native arrays, freed only when collected
            }
        }
        List<TextStudyReport.Cell> cells = cells(runs);
        List<TextStudyReport.Verdict> verdicts = new ArrayList<>();
        for (int k : o.ks) {
            TextStudyReport.Cell bow = find(cells, k, BAG_OF_WORDS);
            TextStudyReport.Cell best = cells.stream().filter(c -> c.k() == k && !c.method().equals(BAG_OF_WORDS))
                    .max(java.util.Comparator.comparingDouble(TextStudyReport.Cell::mean)).orElseThrow();
            double spread = Math.max(bow.sd(), best.sd());
            verdicts.add(new TextStudyReport.Verdict(k, best.mean(), bow.mean(), best.mean() - bow.mean(), spread,
                    best.mean() - bow.mean() > spread));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("ks", o.ks);
        options.put("seeds", o.seeds);
        options.put("testPerClass", o.testPerClass);
        options.put("encoder", o.encoder);
        options.put("fineTuneBlocks", o.fineTuneBlocks);
        options.put("fineTuneFactor", o.fineTuneFactor);
        options.put("fineTuneSteps", o.fineTuneSteps);
        Provenance provenance = Provenance.of(fingerprint(all), encoder.entry().modelSha256(), options);
        TextStudyReport r = new TextStudyReport(options, "Debian package descriptions by archive section (" + data + ")",
                all.classes(), test.size(), runs, cells, verdicts, (System.nanoTime() - start) / 1e9, provenance);
        ReportWriter.write(r, o.outputDir);
        return r;
    }

    private static TextStudyReport.Run log(TextStudyReport.Run r) {
        LOG.info("K = {}, {}, seed {}: test accuracy {} ({} s)", r.k(), r.method(), r.seed(),
                String.format("%.4f", r.testAccuracy()), String.format("%.1f", r.seconds()));
        return r;
    }

    static List<TextStudyReport.Cell> cells(List<TextStudyReport.Run> runs) {
        Map<String, List<TextStudyReport.Run>> groups = new LinkedHashMap<>();
        for (TextStudyReport.Run r : runs) {
            groups.computeIfAbsent(r.k() + "\u0000" + r.method(), x -> new ArrayList<>()).add(r);
        }
        List<TextStudyReport.Cell> out = new ArrayList<>();
        for (List<TextStudyReport.Run> g : groups.values()) {
            double[] a = g.stream().mapToDouble(TextStudyReport.Run::testAccuracy).toArray();
            double mean = java.util.Arrays.stream(a).average().orElse(Double.NaN);
            double sd = a.length < 2 ? 0 : Math.sqrt(java.util.Arrays.stream(a).map(x -> (x - mean) * (x - mean)).sum()
                    / (a.length - 1));
            out.add(new TextStudyReport.Cell(g.get(0).k(), g.get(0).method(), mean, sd,
                    java.util.Arrays.stream(a).boxed().toList()));
        }
        return out;
    }

    static TextStudyReport.Cell find(List<TextStudyReport.Cell> cells, int k, String method) {
        return cells.stream().filter(c -> c.k() == k && c.method().equals(method)).findFirst().orElseThrow();
    }

    private static String fingerprint(TextExamples all) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            b.append(all.classes().get(all.labels().get(i))).append('\t').append(all.texts().get(i)).append('\n');
        }
        return Sha256.of(b.toString().getBytes(StandardCharsets.UTF_8));
    }
}
