package org.hubdex.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The job jar for {@code flink run} (classifier {@code job}, built by the shade plugin in
 * {@code package}, so it exists when Failsafe runs): it must hold our code, the schemas and the Kafka
 * connector with its clients, and none of Flink's runtime, which a cluster provides.
 */
class JobJarIT {

    @Test
    void holdsConnectorAndOurCodeButNotFlinksRuntime() throws Exception {
        Path jar = Path.of(System.getProperty("hubdex.jobJar", "target/missing-job.jar"));
        assertThat(jar).as("job jar; build it with mvn -pl stream-jobs package").isRegularFile();
        assertThat(Files.size(jar)).as("size of %s", jar).isLessThan(40L * 1024 * 1024);

        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains(
                    "org/hubdex/jobs/JobEnvironment.class",
                    "org/hubdex/jobs/internal/DecodedSerializer.class",
                    "org/hubdex/schemas/AvroCodec.class",
                    "org/hubdex/schemas/avro/ModelEvent.class",
                    "org/hubdex/schemas/released/ModelEvent/v1.avsc",
                    "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class",
                    "org/apache/kafka/clients/producer/KafkaProducer.class",
                    "org/apache/avro/specific/SpecificDatumReader.class",
                    // the tokenize job and what it runs on a TaskManager: the hub client and the tokenizer
                    "org/hubdex/jobs/tokenize/TokenizeJob.class",
                    "org/hubdex/hub/HubClient.class",
                    "org/hubdex/weightspace/tokenize/WeightTokenizer.class",
                    "org/hubdex/weightrecords/WeightTokensEncoder.class",
                    "org/hubdex/weightspace/safetensors/DtypeConversions.class");
            assertThat(names).as("Flink's runtime is the cluster's")
                    .noneMatch(n -> n.startsWith("org/apache/flink/runtime/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/api/common/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/connector/base/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/shaded/"))
                    .noneMatch(n -> n.startsWith("org/slf4j/"))
                    .noneMatch(n -> n.startsWith("ai/djl/"));
            assertThat(names).as("no signature files of shaded jars")
                    .noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
            ZipEntry services = file.getEntry("META-INF/services/org.apache.kafka.common.config.provider.ConfigProvider");
            assertThat(services).as("merged service files").isNotNull();
        }
    }
}
