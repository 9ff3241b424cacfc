package vn.ndxp.runtime.registry;

/**
 * An error answer of the registry: HTTP status plus Confluent {@code error_code} and message,
 * mirroring what Confluent Schema Registry answers so clients written for it react the same way.
 */
final class RegistryError extends RuntimeException {

    private final int status;
    private final int errorCode;

    private RegistryError(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    int status() {
        return status;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(int version) {
        return new RegistryError(404, 40402, "Version " + version + " not found.");
    }

    static RegistryError schemaNotFound(int id) {
        return new RegistryError(404, 40403, "Schema " + id + " not found");
    }

    static RegistryError schemaNotUnderSubject(String subject) {
        return new RegistryError(404, 40403, "Schema not found under subject '" + subject + "'");
    }

    static RegistryError incompatible(String subject, String details) {
        return new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\", details: " + details);
    }

    static RegistryError invalidSchema(String why) {
        return new RegistryError(422, 42201, "Invalid schema: " + why);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(422, 42202, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError badRequest(String why) {
        return new RegistryError(400, 400, why);
    }

    static RegistryError noSuchPath() {
        return new RegistryError(404, 404, "HTTP 404 Not Found");
    }
}
