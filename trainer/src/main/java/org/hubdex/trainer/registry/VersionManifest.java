package org.hubdex.trainer.registry;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one registry version is: its parts, how it was configured, what it was trained on, how it scored on the
 * held-out set, and the version it replaced. Written by {@link ModelRegistry#publish} as
 * {@code registry/<version>/MANIFEST.json}, last, so that its presence means the version is complete; immutable
 * once written. Maps are kept sorted by key so the file is stable.
 *
 * @param version the version id, equal to its directory's name
 * @param createdAt when the version was trained (its training started)
 * @param components versions or ids of the parts, by component ({@link #BACKBONE}, {@link #PROBEX}, ...)
 * @param configuration the training configuration, as text, by setting
 * @param trainingData what the version was trained on
 * @param metrics held-out figures by metric name (finite numbers); the quality gate compares these
 * @param previousVersion the version that was current when this one was built and gated, if any
 */
public record VersionManifest(
        String version,
        Instant createdAt,
        Map<String, String> components,
        Map<String, String> configuration,
        TrainingDataSnapshot trainingData,
        Map<String, Double> metrics,
        Optional<String> previousVersion) {

    /** Component name of the weight-space backbone. */
    public static final String BACKBONE = "backbone";
    /** Component name of the ProbeX experts. */
    public static final String PROBEX = "probex";
    /** Component name of the router that picks a model's tree expert. */
    public static final String ROUTER = "router";
    /** Component name of the weight tokenizer (its version: tokens of different versions do not mix). */
    public static final String TOKENIZER = "tokenizer";
    /** Component name of the text encoder queries go through. */
    public static final String TEXT_ENCODER = "text-encoder";

    public VersionManifest {
        VersionIds.require(version);
        Objects.requireNonNull(createdAt, "createdAt");
        components = sortedText("components", components);
        configuration = sortedText("configuration", configuration);
        Objects.requireNonNull(trainingData, "trainingData");
        Objects.requireNonNull(metrics, "metrics");
        TreeMap<String, Double> m = new TreeMap<>();
        metrics.forEach((name, value) -> {
            if (name == null || name.isBlank() || value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("metrics need a name and a finite value, got " + name + "=" + value);
            }
            m.put(name, value);
        });
        metrics = Collections.unmodifiableMap(m);
        Objects.requireNonNull(previousVersion, "previousVersion (Optional.empty() for the first version)");
        previousVersion.ifPresent(VersionIds::require);
        if (previousVersion.filter(version::equals).isPresent()) {
            throw new IllegalArgumentException("version " + version + " cannot be its own previous version");
        }
    }

    /** A builder: {@code setX} for the required fields, {@code optX} for the others. */
    public static Builder builder() {
        return new Builder();
    }

    private static Map<String, String> sortedText(String what, Map<String, String> map) {
        Objects.requireNonNull(map, what);
        TreeMap<String, String> sorted = new TreeMap<>();
        map.forEach((k, v) -> {
            if (k == null || k.isBlank() || v == null) {
                throw new IllegalArgumentException(what + " need a name and a value, got " + k + "=" + v);
            }
            sorted.put(k, v);
        });
        return Collections.unmodifiableMap(sorted);
    }

    /** Builds a {@link VersionManifest}; {@link #build()} checks it. Not thread-safe. */
    public static final class Builder {
        private String version;
        private Instant createdAt;
        private TrainingDataSnapshot trainingData;
        private final Map<String, String> components = new TreeMap<>();
        private final Map<String, String> configuration = new TreeMap<>();
        private final Map<String, Double> metrics = new TreeMap<>();
        private Optional<String> previousVersion = Optional.empty();

        private Builder() {
        }

        public Builder setVersion(String value) {
            version = value;
            return this;
        }

        public Builder setCreatedAt(Instant value) {
            createdAt = value;
            return this;
        }

        public Builder setTrainingData(TrainingDataSnapshot value) {
            trainingData = value;
            return this;
        }

        public Builder optComponent(String name, String versionOrId) {
            components.put(name, versionOrId);
            return this;
        }

        public Builder optConfiguration(Map<String, String> values) {
            configuration.putAll(values);
            return this;
        }

        public Builder optMetrics(Map<String, Double> values) {
            metrics.putAll(values);
            return this;
        }

        public Builder optMetric(String name, double value) {
            metrics.put(name, value);
            return this;
        }

        public Builder optPreviousVersion(Optional<String> value) {
            previousVersion = Objects.requireNonNull(value, "previousVersion");
            return this;
        }

        public VersionManifest build() {
            if (version == null || createdAt == null || trainingData == null) {
                throw new IllegalStateException("a manifest needs setVersion, setCreatedAt and setTrainingData; missing: "
                        + (version == null ? "version " : "") + (createdAt == null ? "createdAt " : "")
                        + (trainingData == null ? "trainingData" : ""));
            }
            return new VersionManifest(version, createdAt, components, configuration, trainingData, metrics, previousVersion);
        }
    }
}
