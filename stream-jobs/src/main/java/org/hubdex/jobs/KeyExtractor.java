package org.hubdex.jobs;

import java.io.Serializable;
import java.util.function.Function;

/**
 * The Kafka key (a UTF-8 string, e.g. the model id) of a record a sink writes; null gives a record
 * without key. Serializable, because Flink ships it to the task managers inside the sink.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface KeyExtractor<T> extends Function<T, String>, Serializable {
}
