package vn.ndxp.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import vn.ndxp.model.avro.DataExchangeEvent;

/**
 * One record for every reason the app rejects input, keyed by the reason code: what a broken or
 * misconfigured producer might send. The unknown agency is a new agency {@value #NEW_AGENCY} with
 * its own system {@value #NEW_SYSTEM}, so that adding both to a catalog makes the record valid.
 */
public final class BadInput {
    public static final String NEW_AGENCY = "XYZ";
    public static final String NEW_SYSTEM = "XYZ_PORTAL";
    /**
     * Reasons that depend on more than the record: {@code clock-ahead} on the other systems'
     * traffic, {@code too-large} on the producer's size limit. They have tests of their own.
     */
    public static final Set<String> SITUATIONAL = Set.of("clock-ahead", "too-large");

    private BadInput() {}

    /**
     * @param serialize how valid events are written (Confluent-framed, with a registered schema)
     * @param at        requestTime of the events
     * @param wallClock the processing clock the app judges "in the future" against
     */
    public static Map<String, byte[]> corpus(Function<DataExchangeEvent, byte[]> serialize, Instant at, Instant wallClock) {
        byte[] good = serialize.apply(event(at, e -> { }));
        int schemaId = ByteBuffer.wrap(good, 1, 4).getInt();
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        corpus.put("empty-value", new byte[0]);
        corpus.put("truncated", new byte[] {0, 0, 1});
        corpus.put("bad-magic", "{\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        corpus.put("unknown-schema-id", ByteBuffer.allocate(good.length).put((byte) 0).putInt(987_654)
                .put(good, 5, good.length - 5).array());
        corpus.put("undecodable", ByteBuffer.allocate(9).put((byte) 0).putInt(schemaId).putInt(-1).array());
        corpus.put("missing-field", serialize.apply(event(at, e -> e.setServiceCode(" "))));
        corpus.put("negative-value", serialize.apply(event(at, e -> e.setResponseBytes(-1))));
        corpus.put("future-time", serialize.apply(event(at, e -> e.setRequestTime(wallClock.plus(Duration.ofDays(2))))));
        corpus.put("before-platform", serialize.apply(event(at, e -> e.setRequestTime(Instant.parse("2014-12-31T16:59:59Z")))));
        corpus.put("unknown-agency", serialize.apply(event(at, e -> {
            e.setConsumerAgency(NEW_AGENCY);
            e.setConsumerSystem(NEW_SYSTEM);
        })));
        corpus.put("unknown-system", serialize.apply(event(at, e -> e.setConsumerSystem("VPCP_NOPE"))));
        corpus.put("unknown-service", serialize.apply(event(at, e -> e.setServiceCode("BCA_CSDLQGDC_NOPE"))));
        corpus.put("agency-mismatch", serialize.apply(event(at, e -> e.setConsumerAgency("BCA"))));
        corpus.put("service-mismatch", serialize.apply(event(at, e -> e.setServiceCode("BCA_CCCD_CARD_STATUS"))));
        return corpus;
    }

    /** A valid event from VPCP to BCA at {@code at}, changed by {@code change}. */
    public static DataExchangeEvent event(Instant at, Consumer<DataExchangeEvent> change) {
        DataExchangeEvent e = Events.event("VPCP", "BCA", at);
        change.accept(e);
        return e;
    }
}
