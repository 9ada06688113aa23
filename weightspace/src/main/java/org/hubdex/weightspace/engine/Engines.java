package org.hubdex.weightspace.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.hubdex.weightspace.EngineUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place weightspace obtains a DJL engine and the device it computes on, so that every backbone,
 * probe and encoder runs on the same pinned PyTorch native library.
 *
 * <p><b>Offline.</b> The native library comes from {@code ai.djl.pytorch:pytorch-native-cpu} (classifier
 * {@code linux-x86_64}) and the JNI glue from {@code pytorch-jni}, both on the runtime classpath; on first
 * use DJL extracts them to its cache ({@code ~/.djl.ai/pytorch} unless {@code DJL_CACHE_DIR} or
 * {@code ENGINE_CACHE_DIR} says otherwise). Processes run with {@code -Dai.djl.offline=true} (or
 * {@code DJL_OFFLINE=true}) so DJL never downloads a library, and with {@code OPT_OUT_TRACKING=true} so it
 * never calls home. If the library cannot be loaded, {@link #pytorch()} throws
 * {@link EngineUnavailableException} naming the jars and the offline setting; it never falls back to a
 * download.
 *
 * <p><b>Lifecycle and thread-safety.</b> Stateless and thread-safe. DJL loads an engine once per JVM and
 * caches it, so only the first call pays for loading the native library (about a second).
 *
 * <p>DJL types ({@link Engine}, {@link Device}) stay inside weightspace; other modules see weightspace's
 * own types.
 */
public final class Engines {

    /** DJL's name of the PyTorch engine. */
    public static final String PYTORCH = "PyTorch";

    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);
    private static final String OFFLINE_PROPERTY = "ai.djl.offline";
    private static final String PINNED_RESOURCE = "native.properties";

    private Engines() {}

    /**
     * The PyTorch engine, loaded from the native jar on the classpath.
     *
     * @throws EngineUnavailableException if DJL cannot load the engine or its native library
     */
    public static Engine pytorch() {
        return load(PYTORCH);
    }

    /**
     * The device to compute on with {@code engine}: the first GPU if the engine sees one, else the CPU.
     * Logs the choice. With the CPU-only native jar the parent pom pins, this is always the CPU.
     */
    public static Device device(Engine engine) {
        int gpus = engine.getGpuCount();
        if (gpus > 0) {
            Device gpu = Device.gpu(0);
            LOG.info("{} {} computes on {} ({} GPU(s) visible)", engine.getEngineName(), engine.getVersion(), gpu, gpus);
            return gpu;
        }
        LOG.info("{} {} computes on the CPU (no GPU visible to the engine)", engine.getEngineName(), engine.getVersion());
        return Device.cpu();
    }

    /** Loads {@code engineName}, turning every way DJL fails into one typed exception. */
    static Engine load(String engineName) {
        boolean offline = Utils.isOfflineMode();
        if (!offline) {
            LOG.warn("DJL is not in offline mode: set -D{}=true (or DJL_OFFLINE=true) so it never downloads"
                    + " a native library", OFFLINE_PROPERTY);
        }
        try {
            Engine engine = Engine.getEngine(engineName);
            LOG.debug("Loaded DJL {} engine {} (DJL {}, offline={})",
                    engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(), offline);
            return engine;
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: UnsatisfiedLinkError and NoClassDefFoundError are how a missing native library shows.
            throw new EngineUnavailableException(failureMessage(engineName, offline, e), e);
        }
    }

    private static String failureMessage(String engineName, boolean offline, Throwable cause) {
        Properties pinned = pinnedVersions();
        String djl = pinned.getProperty("djl.version", "?");
        String torch = pinned.getProperty("pytorch.version", "?");
        return "Cannot load the DJL " + engineName + " engine (expected PyTorch " + torch + " on DJL " + djl
                + ", platform " + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ", "
                + OFFLINE_PROPERTY + "=" + offline + "). It needs ai.djl.pytorch:pytorch-engine:" + djl
                + ", ai.djl.pytorch:pytorch-jni:" + torch + "-" + djl
                + " and the native library jar ai.djl.pytorch:pytorch-native-cpu:" + torch
                + ":linux-x86_64 on the runtime classpath (or the library already extracted under "
                + Utils.getEngineCacheDir("pytorch") + ")"
                + (offline
                        ? "; with " + OFFLINE_PROPERTY + "=true DJL does not download it."
                        : "; run with -D" + OFFLINE_PROPERTY + "=true and the jars pinned rather than letting DJL"
                                + " download it.")
                + " Cause: " + cause;
    }

    private static Properties pinnedVersions() {
        Properties properties = new Properties();
        try (InputStream in = Engines.class.getResourceAsStream(PINNED_RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // Only used to word an error message: report "?" versions rather than hide the real failure.
            LOG.debug("Cannot read {}", PINNED_RESOURCE, e);
        }
        return properties;
    }
}
