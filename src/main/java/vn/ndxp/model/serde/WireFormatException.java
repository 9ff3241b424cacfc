package vn.ndxp.model.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a valid Confluent-framed Avro record for the expected type. The record itself
 * is at fault, so it belongs in the dead-letter topic; {@link #reason()} says why, in a form fit
 * for a metric label and a header value.
 */
public class WireFormatException extends SerializationException {

    /** Why the bytes were rejected; {@link #code()} is the stable label used in metrics and DLQ headers. */
    public enum Reason {
        /** Fewer bytes than the 5-byte header. */
        TRUNCATED("truncated"),
        /** The first byte is not the Confluent magic byte 0x00. */
        BAD_MAGIC("bad-magic"),
        /** The header names a schema id the registry does not have. */
        UNKNOWN_SCHEMA("unknown-schema-id"),
        /** The header is fine but the body is not an Avro record of the writer schema readable as the expected type. */
        UNDECODABLE("undecodable");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** Lowercase, hyphenated, never changes: safe as a Prometheus label value. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    /** The message becomes {@code "<reason code>: <detail>"}. */
    public WireFormatException(Reason reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause);
        this.reason = reason;
    }

    public WireFormatException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public Reason reason() {
        return reason;
    }
}
