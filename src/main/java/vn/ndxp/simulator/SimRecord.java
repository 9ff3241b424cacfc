package vn.ndxp.simulator;

import java.nio.charset.StandardCharsets;
import vn.ndxp.model.avro.DataExchangeEvent;

/**
 * One record the simulator delivers, in delivery order: an event, a redelivered duplicate of an
 * earlier one, or a malformed record built from an event.
 *
 * @param deliveryTime when the record reaches the platform, epoch milliseconds; the requestTime
 *                     for on-time events, later for delayed and duplicate ones
 * @param malformation how the record is broken, or null
 */
public record SimRecord(long deliveryTime, DataExchangeEvent event, boolean duplicate, Malformation malformation) {

    /** The Kafka key: the eventId. */
    public String key() {
        return event.getEventId();
    }

    /** The key's bytes, as Kafka's StringSerializer writes them (UTF-8): what partitioning hashes. */
    public byte[] keyBytes() {
        return key().getBytes(StandardCharsets.UTF_8);
    }

    /** Ways a record can be broken, each with the dead-letter reason the platform must give it. */
    public enum Malformation {
        BAD_MAGIC("bad-magic"),
        TRUNCATED("truncated"),
        UNKNOWN_SCHEMA("unknown-schema-id"),
        MISSING_FIELD("missing-field"),
        NEGATIVE_VALUE("negative-value"),
        /**
         * Garbage of 1,048,400 bytes: the broker takes it, but its dead letter with the headers
         * would be over the producer's default {@code max.request.size}.
         */
        OVERSIZED("too-large"),
        /** Framed with a schema id that no other record uses, and that the registry does not know. */
        DISTINCT_UNKNOWN_SCHEMA("unknown-schema-id"),
        /** Framed with the id of a registered schema that is not an event ({@code "string"}). */
        FOREIGN_SCHEMA("undecodable");

        /** The ways {@code malformed:fraction=F} breaks records at random; the others come in bursts ({@code poison}). */
        public static final Malformation[] RANDOM = {BAD_MAGIC, TRUNCATED, UNKNOWN_SCHEMA, MISSING_FIELD, NEGATIVE_VALUE};

        private final String reason;

        Malformation(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
