package org.transfer4j.app.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.text.tokenization.tokenizer.preprocessor.CommonPreprocessor;
import org.deeplearning4j.text.tokenization.tokenizerfactory.DefaultTokenizerFactory;
import org.deeplearning4j.text.tokenization.tokenizerfactory.TokenizerFactory;
import org.transfer4j.text.TextExamples;

/**
 * The bag-of-words baseline: multinomial naive Bayes over lower-cased words (DL4J's default tokenizer with its common
 * preprocessor), Laplace smoothing (alpha 1), class priors from the training texts (Manning, Raghavan and Schütze,
 * Introduction to Information Retrieval, section 13.2).
 */
final class NaiveBayes {
    private final TokenizerFactory tokenizer = new DefaultTokenizerFactory();
    private final Map<String, double[]> counts = new HashMap<>();
    private final double[] totals;
    private final double[] logPriors;
    private final int classes;

    NaiveBayes(TextExamples train) {
        tokenizer.setTokenPreProcessor(new CommonPreprocessor());
        classes = train.classes().size();
        totals = new double[classes];
        logPriors = new double[classes];
        for (int i = 0; i < train.size(); i++) {
            int c = train.labels().get(i);
            logPriors[c]++;
            for (String w : words(train.texts().get(i))) {
                counts.computeIfAbsent(w, k -> new double[classes])[c]++;
                totals[c]++;
            }
        }
        for (int c = 0; c < classes; c++) {
            logPriors[c] = Math.log(logPriors[c] / train.size());
        }
    }

    int predict(String text) {
        double[] score = logPriors.clone();
        int vocabulary = counts.size();
        for (String w : words(text)) {
            double[] n = counts.get(w);
            if (n == null) {
                continue; // a word no training text has carries no evidence for any class
            }
            for (int c = 0; c < classes; c++) {
                score[c] += Math.log((n[c] + 1) / (totals[c] + vocabulary));
            }
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (score[c] > score[best]) {
                best = c;
            }
        }
        return best;
    }

    double accuracy(TextExamples test) {
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            if (predict(test.texts().get(i)) == test.labels().get(i)) {
                correct++;
            }
        }
        return (double) correct / test.size();
    }

    private List<String> words(String text) {
        return tokenizer.create(text).getTokens().stream().filter(w -> !w.isEmpty()).toList();
    }
}
