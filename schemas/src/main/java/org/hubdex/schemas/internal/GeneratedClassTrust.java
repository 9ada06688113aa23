package org.hubdex.schemas.internal;

import org.apache.avro.specific.SpecificFixed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells Avro that the generated Hubdex classes may be instantiated. Since 1.11.4 Avro refuses to
 * load any class named by a schema unless it is trusted (a guard against payloads that name
 * arbitrary classes), and by default it trusts only a few {@code java.lang} types: without this,
 * every specific read fails with a {@code SecurityException}, and so does a record builder that
 * fills in an enum field's default. The alternative, the system property
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}, would have to be set by every process that uses
 * this module.
 *
 * <p>Trusted: records, enums and fixed types generated into {@value #GENERATED_PACKAGE}, nothing
 * else. Installed on top of whatever is trusted already, once per JVM; idempotent and thread-safe.
 * {@link TrustOnAvroStartup} installs it as soon as Avro parses its first schema, so no caller has
 * to remember it.
 */
public final class GeneratedClassTrust {
    static final String GENERATED_PACKAGE = "org.hubdex.schemas.avro";
    private static final Logger LOG = LoggerFactory.getLogger(GeneratedClassTrust.class);
    private static boolean installed;

    private GeneratedClassTrust() {
    }

    /** Adds the generated Hubdex classes to Avro's trusted classes (once per JVM). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), GeneratedClassTrust::isGeneratedHubdexType));
        installed = true;
        LOG.debug("Avro trusts the generated classes of {}", GENERATED_PACKAGE);
    }

    static boolean isGeneratedHubdexType(Class<?> type) {
        return GENERATED_PACKAGE.equals(type.getPackageName())
                && (SpecificRecord.class.isAssignableFrom(type) || type.isEnum() || SpecificFixed.class.isAssignableFrom(type));
    }
}
