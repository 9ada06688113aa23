package org.hubdex.stack.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.hubdex.stack.StackException;

/**
 * Where the build put the parts the stack runs: the resource {@code stack-artifacts.properties},
 * written by Maven (dependency plugin + resource filtering). Immutable.
 *
 * @param elasticsearchVersion e.g. {@code 8.19.0}
 * @param elasticsearchZip absolute path of the integ-test zip in the local Maven repository
 * @param kafkaVersion e.g. {@code 4.2.2}
 * @param runtimeClasspath the module's runtime classpath: the broker JVM's and the CLI's
 */
public record StackArtifacts(String elasticsearchVersion, Path elasticsearchZip, String kafkaVersion, String runtimeClasspath) {

    static final String RESOURCE = "/org/hubdex/stack/stack-artifacts.properties";

    /** Loads the resource from the local-stack jar or classes directory. */
    public static StackArtifacts load() {
        Properties p = new Properties();
        try (InputStream in = StackArtifacts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new StackException("Resource " + RESOURCE + " is missing: build local-stack with Maven"
                        + " (mvn -o -q -pl local-stack install)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
        for (String key : new String[] {"elasticsearch.version", "elasticsearch.zip", "kafka.version", "runtime.classpath"}) {
            String v = p.getProperty(key, "");
            if (v.isBlank() || v.contains("${")) {
                throw new StackException(RESOURCE + " has no value for " + key + " ('" + v + "'): it was not filtered by"
                        + " Maven; rebuild local-stack with mvn -o -q -pl local-stack install");
            }
        }
        StackArtifacts a = new StackArtifacts(p.getProperty("elasticsearch.version"), Path.of(p.getProperty("elasticsearch.zip")),
                p.getProperty("kafka.version"), p.getProperty("runtime.classpath"));
        if (!Files.isRegularFile(a.elasticsearchZip())) {
            throw new StackException("Elasticsearch distribution " + a.elasticsearchZip() + " is missing: run"
                    + " mvn -pl local-stack dependency:resolve (online) to download it");
        }
        return a;
    }
}
