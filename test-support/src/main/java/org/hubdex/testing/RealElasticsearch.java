package org.hubdex.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a real Elasticsearch server: declare an {@link ElasticsearchHandle}
 * parameter on a test method, a lifecycle method or the constructor. One server serves every test
 * class of the test JVM; see {@link ElasticsearchExtension} for ports, readiness and shutdown.
 *
 * <pre>{@code
 * @RealElasticsearch
 * class SearchIT {
 *     @Test
 *     void finds(ElasticsearchHandle es) {
 *         String index = es.uniqueIndexName("models");
 *         // talk to es.httpUri() ...
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(ElasticsearchExtension.class)
public @interface RealElasticsearch {
}
