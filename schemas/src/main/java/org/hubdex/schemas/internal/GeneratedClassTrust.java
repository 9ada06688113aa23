package org.hubdex.schemas.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells Avro that the generated Hubdex classes may be instantiated while decoding. Since 1.11.4 Avro
 * refuses to load any class named by a schema unless it is trusted (a guard against payloads that
 * name arbitrary classes), and by default it trusts only a few {@code java.lang} types: without this,
 * every specific read fails with a {@code SecurityException}. The alternative, the system property
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}, would have to be set by every process that uses this
 * module.
 *
 * <p>Only the exact classes of the given records and their nested types are added, on top of
 * whatever is trusted already; idempotent and thread-safe.
 */
public final class GeneratedClassTrust {
    private static final Logger LOG = LoggerFactory.getLogger(GeneratedClassTrust.class);
    private static final Set<String> TRUSTED = new TreeSet<>();

    private GeneratedClassTrust() {
    }

    /** Trusts the classes of these records and of every named type they contain. */
    public static synchronized void trust(Iterable<Class<? extends SpecificRecord>> types) {
        Set<String> names = new TreeSet<>();
        for (Class<? extends SpecificRecord> type : types) {
            collectNamedTypes(SpecificData.getForClass(type).getSchema(type), names);
        }
        names.removeAll(TRUSTED);
        if (names.isEmpty()) {
            return;
        }
        ClassSecurityValidator.Builder builder = ClassSecurityValidator.builder();
        names.forEach(builder::add);
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), builder.build()));
        TRUSTED.addAll(names);
        LOG.info("Trusting {} generated Avro classes for decoding: {}", names.size(), names);
    }

    private static void collectNamedTypes(Schema root, Set<String> names) {
        Deque<Schema> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Schema schema = todo.pop();
            switch (schema.getType()) {
                case RECORD -> {
                    if (names.add(schema.getFullName())) {
                        schema.getFields().forEach(f -> todo.push(f.schema()));
                    }
                }
                case ENUM, FIXED -> names.add(schema.getFullName());
                case ARRAY -> todo.push(schema.getElementType());
                case MAP -> todo.push(schema.getValueType());
                case UNION -> schema.getTypes().forEach(todo::push);
                default -> { }
            }
        }
    }
}
