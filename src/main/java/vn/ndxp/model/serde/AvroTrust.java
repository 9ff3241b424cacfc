package vn.ndxp.model.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets Avro instantiate this project's generated classes.
 *
 * <p>Since 1.11.4/1.12.0 Avro resolves a class named by a schema only if a global
 * {@link ClassSecurityValidator} trusts it, and otherwise fails with
 * {@code SecurityException: Forbidden vn.ndxp.model.avro.X! This class is not trusted}. The
 * documented system property {@code org.apache.avro.SERIALIZABLE_PACKAGES} is no help from inside
 * the application: Avro reads it once, when {@code ClassSecurityValidator} is first loaded, so
 * setting it later has no effect, and whether Avro was already loaded depends on what ran first.
 * Replacing the global predicate works at any time, so that is what this class does (see
 * AvroTrustTest).
 */
public final class AvroTrust {

    /** The package avro-maven-plugin generates into (namespace of the schemas in {@code schemas/}). */
    public static final String GENERATED_PACKAGE = "vn.ndxp.model.avro";

    private static boolean installed;

    private AvroTrust() {}

    /**
     * Adds every class in {@link #GENERATED_PACKAGE} (and its subpackages) to what Avro trusts,
     * keeping whatever it trusted before. Idempotent and thread-safe.
     */
    public static synchronized void trustGeneratedClasses() {
        if (installed) {
            return;
        }
        String prefix = GENERATED_PACKAGE + ".";
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith(prefix)));
        installed = true;
    }
}
