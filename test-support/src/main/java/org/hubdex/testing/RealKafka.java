package org.hubdex.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a real Kafka broker: declare a {@link KafkaCluster} parameter on a
 * test method, a lifecycle method or the constructor.
 *
 * <p>The broker is a real KRaft node (broker and controller combined) running in the test JVM,
 * started once per test run and shared by every test class, then shut down when the run ends. Tests
 * isolate themselves with {@link KafkaCluster#uniqueTopic(String)}. See {@link KafkaClusterExtension}
 * for ports, readiness and shutdown.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KafkaClusterExtension.class)
public @interface RealKafka {
}
