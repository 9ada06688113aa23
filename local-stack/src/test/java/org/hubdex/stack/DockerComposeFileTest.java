package org.hubdex.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps {@code docker-compose.yml} (repository root) in step with the build: its Kafka, Elasticsearch and
 * Flink image tags equal the parent POM's {@code kafka.version}, {@code elasticsearch.version} and
 * {@code flink.version}; {@code topics-init} waits for a healthy broker; and Debian's docker-compose 1.29.2
 * accepts the file ({@code ops/lib/validate-compose}, which unpacks that validator once under
 * {@code $HUBDEX_HOME/tools}). Where the validator cannot be installed (not root, no apt-get: the script
 * exits 3) those tests are skipped with the script's reason.
 */
class DockerComposeFileTest {

    private static final long VALIDATOR_TIMEOUT_MINUTES = 10; // the first run downloads about 2 MB of .debs

    private static Path root;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        root = repositoryRoot();
        try (Reader in = Files.newBufferedReader(root.resolve("docker-compose.yml"), StandardCharsets.UTF_8)) {
            Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            services = cast(compose.get("services"));
        }
        assertThat(services).as("services of docker-compose.yml").isNotEmpty();
    }

    @Test
    void imageTagsEqualThePomVersions() throws Exception {
        String kafka = pomProperty("kafka.version");
        String elasticsearch = pomProperty("elasticsearch.version");
        String flink = pomProperty("flink.version");

        assertThat(image("kafka")).isEqualTo("apache/kafka:" + kafka);
        assertThat(image("elasticsearch")).isEqualTo("docker.elastic.co/elasticsearch/elasticsearch:" + elasticsearch);
        assertThat(image("flink-jobmanager")).isEqualTo("flink:" + flink + "-java17");
        assertThat(image("flink-taskmanager")).isEqualTo("flink:" + flink + "-java17");

        // No other service may pull one of these images with another tag.
        Map<String, String> expectedTag = Map.of(
                "apache/kafka", kafka,
                "docker.elastic.co/elasticsearch/elasticsearch", elasticsearch,
                "flink", flink + "-java17");
        services.forEach((name, service) -> {
            Object image = service.get("image");
            if (image instanceof String s && s.contains(":")) {
                String repository = s.substring(0, s.lastIndexOf(':'));
                if (expectedTag.containsKey(repository)) {
                    assertThat(s).as("image of service " + name).isEqualTo(repository + ":" + expectedTag.get(repository));
                }
            }
        });
    }

    @Test
    void topicsInitCreatesTheTopicsOnTheInNetworkListenerOnceKafkaIsHealthy() {
        Map<String, Object> topicsInit = services.get("topics-init");
        assertThat(topicsInit).as("service topics-init").isNotNull().containsKey("build");
        assertThat(topicsInit.get("entrypoint")).asString().contains("org.hubdex.stack.StackCli");
        assertThat(topicsInit.get("command")).isEqualTo(List.of("topics", "--bootstrap", "kafka:19092"));
        Map<String, Object> dependsOn = cast(topicsInit.get("depends_on"));
        assertThat(dependsOn.get("kafka")).isEqualTo(Map.of("condition", "service_healthy"));

        Map<String, Object> kafka = services.get("kafka");
        assertThat(kafka).containsKey("healthcheck");
        Map<String, Object> kafkaEnvironment = cast(kafka.get("environment"));
        assertThat(kafkaEnvironment.get("KAFKA_ADVERTISED_LISTENERS")).asString().contains("//kafka:19092");
    }

    @Test
    void debiansDockerCompose129AcceptsTheFile(@TempDir Path scratch) throws Exception {
        Validation result = validate(root.resolve("docker-compose.yml"), scratch);
        assertThat(result.exitCode()).as("ops/lib/validate-compose said:%n%s", result.output()).isZero();
    }

    @Test
    void theValidatorRejectsABrokenFile(@TempDir Path scratch) throws Exception {
        Path broken = Files.writeString(scratch.resolve("docker-compose.yml"), """
                version: "3.8"
                services:
                  app:
                    image: busybox
                    depends_on:
                      - no-such-service
                """);
        Validation result = validate(broken, scratch);
        assertThat(result.exitCode()).as("ops/lib/validate-compose said:%n%s", result.output()).isEqualTo(1);
        assertThat(result.output()).contains("no-such-service");
    }

    private record Validation(int exitCode, String output) {}

    /** Runs ops/lib/validate-compose on {@code file}; skips the test if the validator cannot be installed. */
    private static Validation validate(Path file, Path scratch) throws IOException, InterruptedException {
        Path log = scratch.resolve("validate-compose.out");
        Process process = new ProcessBuilder("bash", root.resolve("ops/lib/validate-compose").toString(), file.toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(VALIDATOR_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("ops/lib/validate-compose did not finish in " + VALIDATOR_TIMEOUT_MINUTES
                    + " minutes; output so far:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        Assumptions.assumeFalse(process.exitValue() == 3, () -> "Compose validator unavailable here: " + output.strip());
        return new Validation(process.exitValue(), output);
    }

    private static String image(String service) {
        assertThat(services).as("services of docker-compose.yml").containsKey(service);
        return String.valueOf(services.get(service).get("image"));
    }

    private static String pomProperty(String name) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = factory.newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
        String value = XPathFactory.newInstance().newXPath()
                .evaluate("/*[local-name()='project']/*[local-name()='properties']/*[local-name()='" + name + "']", pom)
                .strip();
        assertThat(value).as(name + " in " + root.resolve("pom.xml")).isNotEmpty();
        return value;
    }

    /** {@code hubdex.repo.root} (set by the parent POM's Surefire configuration), else the nearest directory with docker-compose.yml. */
    private static Path repositoryRoot() {
        String property = System.getProperty("hubdex.repo.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker-compose.yml")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot find the repository root: set -Dhubdex.repo.root");
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
