package org.transfer4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.transfer4j.common.Json;
import org.transfer4j.text.TextGraphs;
import org.transfer4j.zoo.source.MavenJarSource;
import org.transfer4j.zoo.text.EncodedBatch;
import org.transfer4j.zoo.text.TextEncoder;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * Benchmark main: the catalogue's text encoder (all-MiniLM-L6-v2) in SameDiff against onnxruntime on the same file and
 * the same batches, in one run: the forward pass (medians over repeats, after warm-ups), the largest difference of
 * their outputs, and SameDiff's training step with the top two blocks and a head trained (onnxruntime's Java package
 * has no training). Both use as many threads as {@code OMP_NUM_THREADS} says (default 1). Prints JSON.
 * Args: [repeats, default 10] [texts per batch, default 16] [tokens per text, default 64].
 */
public final class TextEncoderBenchmark {
    private static final String PARAGRAPH = "Transfer learning reuses what a network learned on one task for another."
            + " A pretrained encoder turns each text into vectors that carry its meaning, and a small head trained on a"
            + " few labelled examples can then sort new texts into classes such as printing, network or account problems."
            + " Fine-tuning the top layers adapts the encoder itself to the words of the new task, at the cost of"
            + " running the whole network for every training step instead of reading cached vectors from disk. ";

    private TextEncoderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int threads = Integer.parseInt(System.getenv().getOrDefault("OMP_NUM_THREADS", "1"));
        TextEncoder enc = TextEncoder.pretrained("all-minilm-l6-v2");
        List<String> texts = new ArrayList<>();
        String words = PARAGRAPH.repeat(3);
        for (int i = 0; i < batch; i++) {
            texts.add(words.substring(i * 7)); // each longer than the cut: every row has exactly `tokens` pieces
        }
        EncodedBatch b = enc.tokenizer().encode(texts, tokens);
        Map<String, INDArray> in = enc.placeholders(b);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(threads);
        so.setInterOpNumThreads(1);
        MavenJarSource.EncoderFiles files = MavenJarSource.defaults().resolve(enc.entry());
        double[] sd = new double[repeats];
        double[] ort = new double[repeats];
        float[][][] ortOut;
        try (OrtSession session = env.createSession(files.model().toString(), so);
             OnnxTensor ids = OnnxTensor.createTensor(env, b.ids());
             OnnxTensor mask = OnnxTensor.createTensor(env, b.mask());
             OnnxTensor types = OnnxTensor.createTensor(env, b.types())) {
            Map<String, OnnxTensor> ortIn = Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types);
            for (int w = 0; w < 3; w++) {
                enc.graph().output(in, enc.entry().output());
                session.run(ortIn).close();
            }
            for (int r = 0; r < repeats; r++) { // alternated, so machine noise hits both
                long t = System.nanoTime();
                enc.graph().output(in, enc.entry().output());
                sd[r] = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                try (OrtSession.Result res = session.run(ortIn)) {
                    ort[r] = (System.nanoTime() - t) / 1e6;
                }
            }
            try (OrtSession.Result res = session.run(ortIn)) {
                ortOut = (float[][][]) res.get(0).getValue();
            }
        }
        INDArray ours = enc.graph().output(in, enc.entry().output()).get(enc.entry().output()).castTo(DataType.FLOAT);
        double maxDiff = ours.sub(Nd4j.createFromArray(ortOut)).amaxNumber().doubleValue();

        double[] step = trainingSteps(enc, b, repeats);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "TextEncoderBenchmark");
        out.put("encoder", enc.entry().id());
        out.put("batch", batch);
        out.put("tokens", tokens);
        out.put("threads", threads);
        out.put("repeats", repeats);
        out.put("sameDiffForwardMsMedian", median(sd));
        out.put("onnxRuntimeForwardMsMedian", median(ort));
        out.put("sameDiffOverOnnxRuntime", median(sd) / median(ort));
        out.put("maxAbsDifference", maxDiff);
        out.put("sameDiffTrainingStepMsMedian", median(step));
        out.put("sameDiffForwardMs", sd);
        out.put("onnxRuntimeForwardMs", ort);
        out.put("peakResidentMiB", Machine.peakResidentMiB());
        System.out.println(Json.write(out));
    }

    /** A fine-tuning step as TextTransfer runs it: the top two blocks and a 3-class head, Adam, one batch. */
    private static double[] trainingSteps(TextEncoder enc, EncodedBatch b, int repeats) {
        SameDiff g = enc.graph().dup();
        TextGraphs.attach(g, enc.entry(), 3, 1);
        List<SDVariable> top = TextGraphs.blockWeights(g, enc.entry().blocks().subList(4, 6));
        g.convertToVariables(top);
        g.setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-4))
                .dataSetFeatureMapping(enc.entry().inputs().toArray(String[]::new)).dataSetLabelMapping(TextGraphs.LABELS).build());
        INDArray y = Nd4j.zeros(DataType.FLOAT, b.size(), 3);
        for (int i = 0; i < b.size(); i++) {
            y.putScalar(i, i % 3, 1f);
        }
        MultiDataSet mds = new MultiDataSet(new INDArray[] {Nd4j.createFromArray(b.ids()), Nd4j.createFromArray(b.mask()),
                Nd4j.createFromArray(b.types())}, new INDArray[] {y});
        for (int w = 0; w < 2; w++) {
            g.fit(mds);
        }
        double[] ms = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t = System.nanoTime();
            g.fit(mds);
            ms[r] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
