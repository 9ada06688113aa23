package org.hubdex.weightspace.probex;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.hubdex.weightspace.engine.Engines;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * A trained ProbeX expert of one model tree: reads a model's ProbeX layer and predicts its categories, maps it
 * into the sentence encoder's space and gives its representation.
 *
 * <p><b>Lifecycle.</b> Made by {@link ProbeXTrainer#train} or {@link #load}; holds its parameters as tensors in
 * its own {@code NDManager} on the device of {@link Engines#device} until {@link #close}; each prediction call
 * works in a sub-manager closed at the end of each batch. {@link #save} writes the parameters
 * ({@code parameters.safetensors}) and everything else needed to rebuild the expert ({@code expert.json}); a
 * loaded expert predicts exactly (bit for bit) what the saved one did on the same engine and thread count.
 *
 * <p><b>Determinism.</b> A model's prediction is a function of the parameters and of the batch it is computed in:
 * {@link #predictAll} scores up to 64 models per forward pass, and a matrix product of another shape may round
 * differently in the last bits (the BLAS kernels differ), so {@code predict(x)} and the same model inside
 * {@code predictAll} can differ by about 1e-7. The same call on the same expert, saved and loaded, is exact.
 *
 * <p><b>Thread-safety.</b> Predictions may run from many threads at once (the parameters are read only); {@link
 * #close} waits for running predictions and later calls fail with {@link IllegalStateException}.
 */
public final class ProbeXExpert implements AutoCloseable {

    private final String treeId;
    private final ProbeXConfig config;
    private final int rows;
    private final int cols;
    private final List<String> vocabulary;
    private final InputScaler scaler;
    private final Map<String, float[]> values;
    private final TrainingSummary training;
    private final ProbeXNetwork network;
    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    ProbeXExpert(String treeId, ProbeXConfig config, int rows, int cols, List<String> vocabulary, InputScaler scaler,
            Map<String, float[]> values, TrainingSummary training) {
        this.treeId = treeId;
        this.config = config;
        this.rows = rows;
        this.cols = cols;
        this.vocabulary = List.copyOf(vocabulary);
        this.scaler = scaler;
        this.training = training;
        this.network = new ProbeXNetwork(rows, cols, config, vocabulary.size());
        Map<String, float[]> copy = new LinkedHashMap<>();
        network.shapes().forEach((name, shape) -> {
            float[] v = values.get(name);
            if (v == null || v.length != shape.size()) {
                throw new IllegalArgumentException("parameter " + name + " needs " + shape.size() + " values, got "
                        + (v == null ? "none" : v.length));
            }
            copy.put(name, v.clone());
        });
        this.values = Collections.unmodifiableMap(copy);
        Engine engine = Engines.pytorch();
        this.manager = engine.newBaseManager(Engines.device(engine));
        network.shapes().forEach((name, shape) -> params.put(name, manager.create(copy.get(name), shape)));
    }

    /** Loads an expert saved by {@link #save}. */
    public static ProbeXExpert load(Path dir) {
        return ProbeXExpertFormat.read(dir);
    }

    public String treeId() {
        return treeId;
    }

    /** The layer shape {@code [rows, cols]} every input must have. */
    public int[] layerShape() {
        return new int[] {rows, cols};
    }

    /** The category vocabulary (the training categories, sorted), the order of every probability map. */
    public List<String> categories() {
        return vocabulary;
    }

    public ProbeXConfig config() {
        return config;
    }

    /** The input scaling fitted on the training models (also {@code config().inputScaling()}). */
    public InputScaling inputScaling() {
        return scaler.mode();
    }

    /** How the expert was trained: counts, kept epoch, its validation figures, time. */
    public TrainingSummary training() {
        return training;
    }

    /**
     * Predicts one model.
     *
     * @throws LayerShapeMismatchException if the matrix is not of the layer shape
     */
    public Prediction predict(ProbeXMatrix matrix) {
        return predictAll(List.of(matrix)).get(0);
    }

    /**
     * Predicts many models, batched; the result is in the order of {@code matrices}.
     *
     * @throws LayerShapeMismatchException if a matrix is not of the layer shape (nothing is predicted then)
     */
    public List<Prediction> predictAll(List<ProbeXMatrix> matrices) {
        float[][] inputs = new float[matrices.size()][];
        for (int i = 0; i < inputs.length; i++) {
            ProbeXMatrix m = matrices.get(i);
            if (m.rows() != rows || m.cols() != cols) {
                throw new LayerShapeMismatchException("input " + i + " (layer " + m.layerName() + ") for the expert of tree "
                        + treeId, layerShape(), new int[] {m.rows(), m.cols()});
            }
            inputs[i] = new float[rows * cols];
            scaler.apply(m.values(), inputs[i], 0);
        }
        BatchedForward.Result out;
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the ProbeX expert of tree " + treeId + " is closed");
            }
            out = BatchedForward.run(manager, network, params, inputs);
        } finally {
            lock.readLock().unlock();
        }
        List<Prediction> predictions = new ArrayList<>(inputs.length);
        for (int i = 0; i < inputs.length; i++) {
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (int c = 0; c < vocabulary.size(); c++) {
                probabilities.put(vocabulary.get(c), ValidationScorer.sigmoid(out.categoryLogits()[i][c]));
            }
            predictions.add(new Prediction(probabilities, out.textEmbedding()[i], out.representation()[i]));
        }
        return predictions;
    }

    /**
     * Writes the expert into {@code dir} (created if needed): {@code parameters.safetensors} and {@code expert.json},
     * each replaced atomically.
     */
    public void save(Path dir) {
        ProbeXExpertFormat.write(this, dir);
    }

    /** Frees the native parameters; waits for running predictions. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                manager.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    InputScaler scaler() {
        return scaler;
    }

    /** The parameter values in saving order (unmodifiable; the arrays must not be changed). */
    Map<String, float[]> parameterValues() {
        return values;
    }

    Map<String, Shape> parameterShapes() {
        return network.shapes();
    }

    @Override
    public String toString() {
        return "ProbeXExpert[tree " + treeId + ", layer " + rows + "x" + cols + ", " + vocabulary.size() + " categories, rU "
                + config.rU() + " rV " + config.rV() + " rT " + config.rT() + "]";
    }
}
