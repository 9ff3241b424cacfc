package vn.ndxp.model.serde;

/**
 * A schema registry could not be reached or answered with an error.
 *
 * <p>This is an infrastructure failure, not a fault of the record being (de)serialized, which is
 * why it is not a {@link WireFormatException}: a record must not go to a dead-letter topic just
 * because the registry was down. The one registry answer that does condemn a record, "this schema
 * id does not exist", is turned into {@link WireFormatException.Reason#UNKNOWN_SCHEMA} by
 * {@link ConfluentAvroSerde}.
 */
public class SchemaRegistryException extends RuntimeException {

    /** {@link #status()} when no HTTP response arrived (connection refused, timeout). */
    public static final int NO_RESPONSE = -1;

    private final String registryUrl;
    private final int status;
    private final int errorCode;

    /**
     * @param status the HTTP status, or {@link #NO_RESPONSE}
     * @param errorCode the Confluent {@code error_code} of the response body, or -1 if there was none
     */
    public SchemaRegistryException(String message, String registryUrl, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.registryUrl = registryUrl;
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The base URL of the registry that failed. */
    public String registryUrl() {
        return registryUrl;
    }

    /** The HTTP status of the registry's answer, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }

    /** The Confluent {@code error_code} (e.g. 40403 for an unknown schema id), or -1 if the answer had none. */
    public int errorCode() {
        return errorCode;
    }
}
