package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;
import org.transfer4j.plan.TrainingListener;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.report.TrainingReport;

/**
 * The types a user meets take and return no engine type: no class of the library's engine, training, domain or
 * advisor packages, no DL4J network internals, no ND4J updater. The exceptions are named: the trained network
 * itself, and a user's own DL4J data (iterators, DataSets) handed to {@link TaskData}.
 */
class ApiSurfaceTest {
    static final List<Class<?>> USER_TYPES = List.of(Transfer.class, Fit.class, TransferResult.class, Base.class, Base.Kind.class,
            Strategy.class, Strategy.FeatureExtraction.class, Strategy.LastBlocks.class, Strategy.Gradual.class,
            Strategy.Scratch.class, Strategy.KeepFileFreezing.class, Head.class, Optimizer.class, Optimizer.Updater.class,
            BatchNormPolicy.class, VertexNames.class, TaskData.class, TaskData.Folder.class, TaskData.Fashion.class,
            TaskData.Iterators.class, TaskData.Arrays.class, TrainingListener.class, TrainingListener.StepInfo.class,
            TrainingListener.EpochInfo.class, TransferPlan.class, TrainingReport.class, TrainingReport.Data.class,
            TrainingReport.Featurize.class, TrainingReport.Scores.class, TrainingReport.Adapted.class,
            org.transfer4j.plan.Adaptation.class, org.transfer4j.plan.DomainMethod.class, TextTransfer.class,
            TextClassifier.class, TextClassifier.Report.class, org.transfer4j.text.TextData.class,
            org.transfer4j.text.TextExamples.class, org.transfer4j.text.TextExamples.Split.class,
            org.transfer4j.text.TextTraining.Epoch.class);

    static final List<String> ENGINE_PACKAGES = List.of("org.transfer4j.train", "org.transfer4j.transfer", "org.transfer4j.runtime",
            "org.transfer4j.domain", "org.transfer4j.advise", "org.deeplearning4j.nn", "org.nd4j.linalg.learning",
            "org.nd4j.linalg.schedule", "org.nd4j.linalg.api.ndarray");

    /** Signature -> the engine type it may use, and why. */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "TransferResult.network", Set.of("org.deeplearning4j.nn.api.Model"), // the trained network is the result
            "TaskData.iterators", Set.of("org.nd4j.linalg.dataset.api.iterator.DataSetIterator"),
            "TaskData$Iterators", Set.of("org.nd4j.linalg.dataset.api.iterator.DataSetIterator"),
            // unlabelled target images from the user's own iterator
            "Adaptation", Set.of("org.nd4j.linalg.dataset.api.iterator.DataSetIterator"));

    static List<String> violations(Class<?> c) {
        List<String> out = new ArrayList<>();
        List<Executable> members = new ArrayList<>();
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                members.add(m);
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (Modifier.isPublic(k.getModifiers())) {
                members.add(k);
            }
        }
        for (Executable e : members) {
            Set<String> types = new TreeSet<>();
            if (e instanceof Method m) {
                collect(m.getGenericReturnType(), types);
            }
            for (Type t : e.getGenericParameterTypes()) {
                collect(t, types);
            }
            String where = c.getSimpleName() + "." + (e instanceof Method ? e.getName() : "<init>");
            Set<String> ok = ALLOWED.getOrDefault(where, ALLOWED.getOrDefault(c.getName().substring(c.getName().lastIndexOf('.') + 1),
                    Set.of()));
            for (String t : types) {
                if (ENGINE_PACKAGES.stream().anyMatch(t::startsWith) && !ok.contains(t)) {
                    out.add(where + " uses " + t);
                }
            }
        }
        return out;
    }

    static void collect(Type t, Set<String> into) {
        if (t instanceof Class<?> k) {
            while (k.isArray()) {
                k = k.getComponentType();
            }
            if (!k.isPrimitive()) {
                into.add(k.getName());
            }
        } else if (t instanceof ParameterizedType p) {
            collect(p.getRawType(), into);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, into);
            }
        } else if (t instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), into);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                collect(b, into);
            }
        }
    }

    @Test
    void noUserTypeTakesOrReturnsAnEngineType() {
        List<String> all = new ArrayList<>();
        USER_TYPES.forEach(c -> all.addAll(violations(c)));
        assertEquals(List.of(), all);
    }

    @Test
    void theCheckFindsAnEngineTypeInASignature() {
        assertEquals(List.of("Leaky.target uses org.transfer4j.train.TrainingTarget"), violations(Leaky.class));
        assertTrue(violations(Transfer.class).isEmpty(), "the facade is clean");
    }

    /** A type that hands out the trainer's internal target, as Fit.onStep once did. */
    public static final class Leaky {
        public org.transfer4j.train.TrainingTarget target() {
            return null;
        }
    }
}
