package org.hubdex.weightspace.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.hubdex.weightspace.engine.Engines;

/**
 * A trained weight-space backbone: turns a model's weight tokens into one embedding vector.
 *
 * <p><b>Embedding.</b> The model's tokens are encoded window by window with haloing ({@link HaloWindows}: content
 * runs of {@code windowTokens - 2 * haloTokens} tokens with {@code haloTokens} of context each side, the context
 * dropped after encoding; a model of at most {@code windowTokens} tokens is one window), giving one latent per
 * token. The embedding is the mean of all token latents followed by their standard deviation (population),
 * {@link #embeddingDim()} {@code = 2 * latentDim}. The mean is the reference's whole-model embedding; the standard
 * deviation is the cheapest of its optional extra statistics and tells apart models whose layers differ a lot from
 * models whose layers are alike, which a mean averages away. Latents are accumulated in double precision in token
 * order, so a model's embedding does not depend on which other models share its batches (up to float rounding in
 * the batched matrix products, well under 1e-5).
 *
 * <p><b>Lifecycle and thread-safety.</b> Holds its parameters in native memory until {@link #close()}. Thread-safe:
 * any number of threads may embed at once (each call computes in its own scope, the parameters are only read);
 * {@code close} waits for calls in flight, and calls after it throw {@link IllegalStateException}. The parameters
 * record no gradients, so calls build no autograd graph whatever the calling thread's grad mode. The intra-op
 * thread count is the process's (see {@link org.hubdex.weightspace.engine.Autograd#intraOpThreads}).
 */
public final class Backbone implements AutoCloseable {

    /** Windows encoded per forward pass in {@link #embedAll}. */
    static final int INFERENCE_BATCH = 64;

    private final BackboneConfig config;
    private final InputScale scale;
    private final ParameterLayout layout;
    private final BackboneNetwork network;
    private final PositionCode code;
    private final NDManager root;
    private final Weights weights;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private Backbone(BackboneConfig config, InputScale scale, Map<String, float[]> values, Device device) {
        this.config = config;
        this.scale = scale;
        this.layout = new ParameterLayout(config);
        this.network = new BackboneNetwork(config);
        this.code = new PositionCode(config.dModel());
        this.root = NDManager.newBaseManager(device, Engines.PYTORCH);
        try {
            this.weights = new Weights(root, layout, values, false);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** A backbone with the given parameters on {@code device}. */
    static Backbone create(BackboneConfig config, InputScale scale, Map<String, float[]> values, Device device) {
        return new Backbone(config, scale, values, device);
    }

    /** A backbone with the given parameters on the engine's device (the GPU when one is visible). */
    static Backbone create(BackboneConfig config, InputScale scale, Map<String, float[]> values) {
        return new Backbone(config, scale, values, Engines.device(Engines.pytorch()));
    }

    /**
     * A freshly initialized backbone (as training starts with {@code config.seed()}), with the input scale of
     * {@code corpus}: the random-features baseline an evaluation reports beside the trained backbone.
     */
    public static Backbone untrained(BackboneConfig config, List<TokenSequence> corpus) {
        return create(config, InputScale.of(corpus), new ParameterLayout(config).initialize(config.seed()));
    }

    /**
     * Reads a backbone written by {@link #save}.
     *
     * @throws BackboneFormatException if the files are missing, unreadable or do not match each other
     */
    public static Backbone load(Path dir) {
        BackboneFiles.Contents contents = BackboneFiles.read(dir);
        return create(contents.config(), contents.scale(), contents.values());
    }

    public BackboneConfig config() {
        return config;
    }

    /** The length of an embedding: the mean and the standard deviation of the token latents. */
    public int embeddingDim() {
        return 2 * config.latentDim();
    }

    /** The number of parameters. */
    public long parameterCount() {
        return layout.parameterCount();
    }

    /**
     * The embedding of one model.
     *
     * @throws EmptyTokenSequenceException if the sequence has no tokens
     * @throws IllegalArgumentException if its token size is not the backbone's
     */
    public float[] embed(TokenSequence sequence) {
        return embedAll(List.of(sequence)).get(0);
    }

    /**
     * The embeddings of several models, in order, encoding windows of different models together in batches of up
     * to {@value #INFERENCE_BATCH}.
     *
     * @throws EmptyTokenSequenceException if a sequence has no tokens (nothing is computed)
     * @throws IllegalArgumentException if a token size is not the backbone's
     */
    public List<float[]> embedAll(List<TokenSequence> sequences) {
        LatentStatistics[] stats = new LatentStatistics[sequences.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = new LatentStatistics(config.latentDim());
        }
        encode(sequences, (sequence, token, latents, offset) -> stats[sequence].add(latents, offset));
        List<float[]> out = new ArrayList<>(stats.length);
        for (LatentStatistics s : stats) {
            out.add(s.meanAndStd());
        }
        return out;
    }

    /** The latent of every token of {@code sequence}, {@code [tokenCount][latentDim]}, as the embedding sees them. */
    float[][] tokenLatents(TokenSequence sequence) {
        float[][] out = new float[sequence.tokenCount()][];
        encode(List.of(sequence), (s, token, latents, offset) -> out[token] = Arrays.copyOfRange(latents, offset,
                offset + config.latentDim()));
        return out;
    }

    /** Receives the latent of token {@code token} of sequence {@code sequence} at {@code latents[offset..]}. */
    private interface LatentSink {
        void accept(int sequence, int token, float[] latents, int offset);
    }

    /** Encodes every token of every sequence once (haloed windows, batched) into {@code sink}, in token order. */
    private void encode(List<TokenSequence> sequences, LatentSink sink) {
        Objects.requireNonNull(sequences, "sequences");
        List<WindowRef> plan = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) {
            TokenSequence s = Objects.requireNonNull(sequences.get(i), "sequence " + i);
            if (s.tokenCount() == 0) {
                throw new EmptyTokenSequenceException("sequence " + i + " has no tokens: there is nothing to embed");
            }
            if (s.tokenSize() != config.tokenSize()) {
                throw new IllegalArgumentException("sequence " + i + " has tokens of " + s.tokenSize()
                        + " values; this backbone reads " + config.tokenSize());
            }
            for (HaloWindows.Window w : HaloWindows.plan(s.tokenCount(), config.windowTokens(), config.haloTokens())) {
                plan.add(new WindowRef(i, w));
            }
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("backbone is closed");
            }
            for (int from = 0; from < plan.size(); from += INFERENCE_BATCH) {
                encodeBatch(sequences, plan.subList(from, Math.min(plan.size(), from + INFERENCE_BATCH)), sink);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private void encodeBatch(List<TokenSequence> sequences, List<WindowRef> windows, LatentSink sink) {
        int length = windows.stream().mapToInt(r -> r.window().count()).max().orElseThrow();
        WindowBatch batch = new WindowBatch(windows.size(), length, config.tokenSize(), code, scale);
        for (WindowRef r : windows) {
            batch.add(sequences.get(r.sequence()), r.window().from(), r.window().count(), null, null);
        }
        float[] latents;
        try (NDManager scope = root.newSubManager()) {
            NDArray encoded = network.encode(WindowTensors.forEncoding(batch, scope, WindowTensors.Staging.copying()), weights);
            latents = encoded.toFloatArray();
        }
        int l = config.latentDim();
        for (int k = 0; k < windows.size(); k++) {
            HaloWindows.Window w = windows.get(k).window();
            int first = w.contentFrom() - w.from();
            for (int t = 0; t < w.contentCount(); t++) {
                sink.accept(windows.get(k).sequence(), w.contentFrom() + t, latents, (k * length + first + t) * l);
            }
        }
    }

    /**
     * Writes the backbone to {@code dir} (created if needed): {@code backbone.safetensors} (every parameter as F32
     * under its PyTorch-like name, and the input scale) and {@code backbone.json} (the configuration). Each file is
     * replaced atomically.
     */
    public void save(Path dir) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("backbone is closed");
            }
            BackboneFiles.write(dir, config, scale, layout, weights.toArrays());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Copies of every parameter in layout order (for tests and diagnostics). */
    Map<String, float[]> parameters() {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("backbone is closed");
            }
            return weights.toArrays();
        } finally {
            lock.readLock().unlock();
        }
    }

    InputScale inputScale() {
        return scale;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                root.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private record WindowRef(int sequence, HaloWindows.Window window) {
    }
}
