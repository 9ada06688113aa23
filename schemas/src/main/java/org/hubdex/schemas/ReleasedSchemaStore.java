package org.hubdex.schemas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.hubdex.schemas.internal.Fingerprints;
import org.hubdex.schemas.internal.GeneratedClassTrust;
import org.hubdex.schemas.internal.ReleasedSchemaLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every writer schema a Hubdex reader may meet, by fingerprint: each released version of each topic's
 * value record (frozen files under {@code org/hubdex/schemas/released/}) plus the current schema of
 * the generated classes. A payload carries only its writer's fingerprint, so this is what lets a
 * consumer read records written by an older producer: the codec looks the writer schema up here and
 * resolves it against the current reader schema.
 *
 * <p>Immutable and thread-safe. {@link #standard()} is loaded once per class loader;
 * {@link #withWriterSchema(Schema)} returns a copy that knows one more schema.
 */
public final class ReleasedSchemaStore implements SchemaStore {
    private static final Logger LOG = LoggerFactory.getLogger(ReleasedSchemaStore.class);

    private final Map<String, Schema> current;
    private final Map<String, List<ReleasedSchema>> released;
    private final List<Schema> additional;
    private final Map<Long, Schema> byFingerprint;

    private ReleasedSchemaStore(Map<String, Schema> current, Map<String, List<ReleasedSchema>> released,
            List<Schema> additional) {
        this.current = Map.copyOf(current);
        this.released = Map.copyOf(released);
        this.additional = List.copyOf(additional);
        Map<Long, Schema> index = new HashMap<>();
        current.values().forEach(s -> put(index, s));
        released.values().forEach(versions -> versions.forEach(v -> put(index, v.schema())));
        additional.forEach(s -> put(index, s));
        this.byFingerprint = Map.copyOf(index);
    }

    /** The store of every topic's value record, loaded from this module's classpath on first use. */
    public static ReleasedSchemaStore standard() {
        return Standard.INSTANCE;
    }

    /** Loads the current and released schemas of the given generated record classes. */
    static ReleasedSchemaStore load(ClassLoader loader, List<Class<? extends SpecificRecord>> types) {
        Map<String, Schema> current = new LinkedHashMap<>();
        Map<String, List<ReleasedSchema>> released = new LinkedHashMap<>();
        for (Class<? extends SpecificRecord> type : types) {
            Schema schema = SpecificData.getForClass(type).getSchema(type);
            current.put(schema.getFullName(), schema);
            released.put(schema.getFullName(), ReleasedSchemaLoader.load(loader, schema));
        }
        GeneratedClassTrust.install();
        ReleasedSchemaStore store = new ReleasedSchemaStore(current, released, List.of());
        LOG.info("Schema store loaded: {}", store.describeAll());
        return store;
    }

    /** Avro's lookup: the schema with that fingerprint, or null when none is known. */
    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** The schema with that fingerprint, if known. */
    public Optional<Schema> find(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** Released versions of the record, oldest first; empty when it was never released. */
    public List<ReleasedSchema> released(Class<? extends SpecificRecord> type) {
        return released.getOrDefault(SpecificData.getForClass(type).getSchema(type).getFullName(), List.of());
    }

    /** Every released version of every record. */
    public List<ReleasedSchema> allReleased() {
        return released.values().stream().flatMap(List::stream).collect(Collectors.toUnmodifiableList());
    }

    /**
     * A copy of this store that also knows {@code writer}: for a reader that must accept a schema
     * its jar does not ship (and for tests of schema evolution).
     */
    public ReleasedSchemaStore withWriterSchema(Schema writer) {
        List<Schema> more = new ArrayList<>(additional);
        more.add(writer);
        return new ReleasedSchemaStore(current, released, more);
    }

    /**
     * What the store knows about one record, for error messages: each version and fingerprint, e.g.
     * {@code ModelEvent: v1 3a..., current 3a... (= v1)}.
     */
    String describe(String recordFullName) {
        Schema now = current.get(recordFullName);
        List<String> parts = new ArrayList<>();
        long nowFingerprint = now == null ? 0 : Fingerprints.of(now);
        String sameAs = null;
        for (ReleasedSchema version : released.getOrDefault(recordFullName, List.of())) {
            parts.add("v" + version.version() + " " + version.fingerprintHex());
            if (now != null && version.fingerprint() == nowFingerprint) {
                sameAs = "v" + version.version();
            }
        }
        if (now != null) {
            parts.add("current " + Fingerprints.hex(nowFingerprint)
                    + (sameAs == null ? " (unreleased)" : " (= " + sameAs + ")"));
        }
        for (Schema extra : additional) {
            if (extra.getFullName().equals(recordFullName)) {
                parts.add("added " + Fingerprints.hex(Fingerprints.of(extra)));
            }
        }
        String name = recordFullName.substring(recordFullName.lastIndexOf('.') + 1);
        return name + ": " + (parts.isEmpty() ? "nothing" : String.join(", ", parts));
    }

    /** {@link #describe(String)} of every record the store holds. */
    String describeAll() {
        return current.keySet().stream().map(this::describe).collect(Collectors.joining("; "));
    }

    private static void put(Map<Long, Schema> index, Schema schema) {
        long fingerprint = Fingerprints.of(schema);
        Schema before = index.putIfAbsent(fingerprint, schema);
        if (before != null && !SchemaNormalization.toParsingForm(before).equals(SchemaNormalization.toParsingForm(schema))) {
            throw new SchemaException(String.format(
                    "Schemas %s and %s have different canonical forms but the same fingerprint %s;"
                            + " rename a field or add one to tell them apart",
                    before.getFullName(), schema.getFullName(), Fingerprints.hex(fingerprint)));
        }
    }

    /** Holder idiom: loads the standard store on first use, once, thread-safely. */
    private static final class Standard {
        static final ReleasedSchemaStore INSTANCE = load(ReleasedSchemaStore.class.getClassLoader(),
                Arrays.stream(Topic.values()).<Class<? extends SpecificRecord>>map(Topic::valueType).toList());
    }
}
