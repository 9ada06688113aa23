package org.hubdex.weightspace.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves DJL runs offline on the pinned PyTorch engine: the native library comes from the
 * {@code pytorch-native-cpu} jar on the test classpath (surefire passes {@code -Dai.djl.offline=true} and
 * {@code OPT_OUT_TRACKING=true}, see the parent pom), no URL is opened, and autograd and an optimizer
 * step give the values computed by hand below.
 *
 * <p>The model is linear regression: {@code prediction = x·w + b} on 4 samples with 3 features, L2 loss
 * {@code L = mean(0.5 (y - prediction)^2)}, DJL's {@code L2Loss}. Every input is a short binary fraction, so
 * the forward and backward values are exact in float32; those after the SGD step (learning rate 0.1) hold
 * to within 1e-6.
 */
class DjlOfflineEngineTest {

    private static final Logger LOG = LoggerFactory.getLogger(DjlOfflineEngineTest.class);

    /** Records every URI a URL connection asks a proxy for: DJL downloads go through URL connections. */
    private static final RecordingProxySelector NETWORK = new RecordingProxySelector();

    private static ProxySelector previousProxySelector;
    private static Engine engine;
    private static Device device;

    @BeforeAll
    static void loadEngine() {
        previousProxySelector = ProxySelector.getDefault();
        ProxySelector.setDefault(NETWORK);
        long start = System.nanoTime();
        engine = Engines.pytorch();
        device = Engines.device(engine);
        LOG.info("Loaded {} {} on {} in {} ms", engine.getEngineName(), engine.getVersion(), device,
                (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void nothingWasDownloaded() {
        ProxySelector.setDefault(previousProxySelector);
        assertThat(NETWORK.requested).as("URLs DJL tried to open").isEmpty();
    }

    @Test
    void djlRunsOfflineFromTheNativeJarOnTheClasspath() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(Utils.isOfflineMode()).isTrue();
        assertThat(System.getenv("OPT_OUT_TRACKING")).isEqualTo("true");
        ClassLoader loader = Engines.class.getClassLoader();
        assertThat(loader.getResource("pytorch/cpu/linux-x86_64/libtorch_cpu.so"))
                .as("libtorch from ai.djl.pytorch:pytorch-native-cpu:linux-x86_64 on the classpath")
                .isNotNull();
        assertThat(loader.getResource("jnilib/linux-x86_64/cpu/libdjl_torch.so"))
                .as("the JNI library from ai.djl.pytorch:pytorch-jni on the classpath")
                .isNotNull();
    }

    @Test
    void engineIsThePinnedPyTorch() throws IOException {
        String pinned = pinnedPytorchVersion();
        assertThat(pinned).as("pytorch.version of the parent pom").matches("\\d+\\.\\d+\\.\\d+");
        assertThat(engine.getEngineName()).isEqualTo("PyTorch");
        assertThat(engine.getVersion()).isEqualTo(pinned);
        assertThat(device).isEqualTo(engine.getGpuCount() > 0 ? Device.gpu(0) : Device.cpu());
    }

    @Test
    void forwardBackwardAndOneSgdStepMatchHandComputedValues() {
        try (NDManager manager = engine.newBaseManager(device)) {
            NDArray x = manager.create(new float[] {
                1, 2, 0,
                0, 1, 1,
                2, 0, 1,
                1, 1, 1}, new Shape(4, 3));
            NDArray y = manager.create(new float[] {0, 1, 2, 2.5f}, new Shape(4, 1));
            NDArray w = manager.create(new float[] {0.5f, -1f, 2f}, new Shape(3, 1));
            NDArray b = manager.create(new float[] {0.25f}, new Shape(1));
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            Loss l2 = Loss.l2Loss();

            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray prediction = x.matMul(w).add(b);
                NDArray loss = l2.evaluate(new NDList(y), new NDList(prediction));
                // x·w + b = [-1.25, 1.25, 3.25, 1.75]; residual r = prediction - y = [-1.25, 0.25, 1.25, -0.75]
                assertThat(prediction.toFloatArray()).containsExactly(new float[] {-1.25f, 1.25f, 3.25f, 1.75f}, within(1e-6f));
                // L = 0.5 * (1.5625 + 0.0625 + 1.5625 + 0.5625) / 4 = 0.46875
                assertThat(loss.getFloat()).isCloseTo(0.46875f, within(1e-6f));
                collector.backward(loss);
            }

            // dL/dprediction = r / 4 = [-0.3125, 0.0625, 0.3125, -0.1875]
            // dL/dw = xᵀ · r / 4 = [-0.3125 + 0.625 - 0.1875, -0.625 + 0.0625 - 0.1875, 0.0625 + 0.3125 - 0.1875]
            assertThat(w.getGradient().toFloatArray()).containsExactly(new float[] {0.125f, -0.75f, 0.1875f}, within(1e-6f));
            // dL/db = sum(r) / 4 = -0.125
            assertThat(b.getGradient().toFloatArray()).containsExactly(new float[] {-0.125f}, within(1e-6f));

            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build();
            sgd.update("w", w, w.getGradient());
            sgd.update("b", b, b.getGradient());
            // w - 0.1 dL/dw, b - 0.1 dL/db
            assertThat(w.toFloatArray()).containsExactly(new float[] {0.4875f, -0.925f, 1.98125f}, within(1e-6f));
            assertThat(b.toFloatArray()).containsExactly(new float[] {0.2625f}, within(1e-6f));

            // prediction = [-1.1, 1.31875, 3.21875, 1.80625]; r = [-1.1, 0.31875, 1.21875, -0.69375]
            // L = 0.5 * (1.21 + 0.1016015625 + 1.4853515625 + 0.4812890625) / 4 = 0.4097802734375
            float lossAfterStep = l2.evaluate(new NDList(y), new NDList(x.matMul(w).add(b))).getFloat();
            assertThat(lossAfterStep).isCloseTo(0.4097802734375f, within(1e-6f)).isLessThan(0.46875f);
            assertThat(w.getManager().getEngine()).isSameAs(engine);
        }
    }

    private static String pinnedPytorchVersion() throws IOException {
        Properties pinned = new Properties();
        try (InputStream in = Engines.class.getResourceAsStream("native.properties")) {
            assertThat(in).as("native.properties written by the build").isNotNull();
            pinned.load(in);
        }
        return pinned.getProperty("pytorch.version");
    }

    private static final class RecordingProxySelector extends ProxySelector {
        final List<URI> requested = new CopyOnWriteArrayList<>();

        @Override
        public List<Proxy> select(URI uri) {
            requested.add(uri);
            LOG.error("Network access attempted during an offline test: {}", uri);
            return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {
            // nothing: select() already recorded the attempt
        }
    }
}
