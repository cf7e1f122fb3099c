package org.transfer4j.zoo.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.transfer4j.common.Json;

/**
 * The pretrained-model catalogue: data in {@code catalogue.json}, not code. The base URL of the
 * weight files defaults to DL4J's and can be overridden with system property
 * {@value #BASE_URL_PROPERTY} or environment variable {@value #BASE_URL_ENV}.
 */
public final class Catalogue {
    public static final String RESOURCE = "/org/transfer4j/zoo/catalogue.json";
    public static final String BASE_URL_PROPERTY = "transfer4j.zoo.baseurl";
    public static final String BASE_URL_ENV = "TRANSFER4J_ZOO_BASEURL";

    /** The JSON document. */
    public record Document(int format, String baseUrl, String notes, List<Architecture> architectures,
                           List<ModelEntry> models, List<TextEncoderEntry> textEncoders) {
    }

    private final URI baseUri;
    private final Map<String, Architecture> architectures = new LinkedHashMap<>();
    private final Map<String, ModelEntry> models = new LinkedHashMap<>();
    private final Map<String, TextEncoderEntry> textEncoders = new LinkedHashMap<>();

    private Catalogue(Document doc) {
        String override = System.getProperty(BASE_URL_PROPERTY, System.getenv(BASE_URL_ENV));
        String base = override != null && !override.isBlank() ? override : doc.baseUrl();
        this.baseUri = URI.create(base.endsWith("/") ? base : base + "/");
        for (Architecture a : doc.architectures()) {
            if (architectures.put(a.name(), a) != null) {
                throw new IllegalArgumentException("catalogue: architecture " + a.name() + " appears twice");
            }
        }
        for (ModelEntry m : doc.models()) {
            if (m.architecture() != null && !architectures.containsKey(m.architecture())) {
                throw new IllegalArgumentException("catalogue: model " + m.id() + " names unknown architecture "
                        + m.architecture() + "; known: " + architectures.keySet());
            }
            if (models.put(m.id(), m) != null) {
                throw new IllegalArgumentException("catalogue: model id " + m.id() + " appears twice");
            }
        }
        for (TextEncoderEntry t : doc.textEncoders() == null ? List.<TextEncoderEntry>of() : doc.textEncoders()) {
            if (models.containsKey(t.id()) || textEncoders.put(t.id(), t) != null) {
                throw new IllegalArgumentException("catalogue: id " + t.id() + " appears twice");
            }
        }
    }

    /** The catalogue shipped in this jar. */
    public static Catalogue builtIn() {
        try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new Catalogue(Json.MAPPER.readValue(in, Document.class));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    public List<ModelEntry> models() {
        return List.copyOf(models.values());
    }

    public List<TextEncoderEntry> textEncoders() {
        return List.copyOf(textEncoders.values());
    }

    public TextEncoderEntry textEncoder(String id) {
        TextEncoderEntry t = textEncoders.get(id);
        if (t == null) {
            throw new IllegalArgumentException("no text encoder '" + id + "' in the catalogue; known: "
                    + textEncoders.keySet());
        }
        return t;
    }

    public List<Architecture> architectures() {
        return List.copyOf(architectures.values());
    }

    public ModelEntry model(String id) {
        ModelEntry m = models.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no model '" + id + "' in the catalogue; known: " + models.keySet());
        }
        return m;
    }

    public Architecture architecture(String name) {
        Architecture a = architectures.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no architecture '" + name + "'; known: " + architectures.keySet());
        }
        return a;
    }

    /** The entry's architecture record; a TF.js entry has none (its architecture is in its file). */
    public Architecture architectureOf(ModelEntry m) {
        if (m.architecture() == null) {
            throw new IllegalArgumentException(m.id() + " is a " + m.format() + " model: its architecture is in its file,"
                    + " not in the catalogue; load it (PretrainedModels.load) to see it");
        }
        return architecture(m.architecture());
    }

    public URI uriOf(ModelEntry m) {
        return baseUri.resolve(m.weights().path());
    }
}
