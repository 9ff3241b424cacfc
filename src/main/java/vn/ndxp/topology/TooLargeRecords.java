package vn.ndxp.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import vn.ndxp.model.DeadLetterHeaders;
import vn.ndxp.model.RejectReason;

/**
 * Records that the app cannot copy out as they came: an input record that the broker accepted
 * may still be too large for the app's own producer once the dead-letter headers are added (or
 * when the input topic allows larger records than {@code max.request.size}). Such a record goes
 * to the dead letters as a reference instead: no value, the {@code ndxp.dlq.*} headers with reason
 * {@code too-large}, the reason it would have had and its size, and where the original stays
 * (topic, partition, offset) until the input topic's retention removes it. A producer that
 * refused it would otherwise fail the stream thread on the same record after every restart.
 */
public final class TooLargeRecords {
    /** A record batch's header and one record's own fields (varints at their longest). */
    private static final int BATCH_AND_RECORD_OVERHEAD = 61 + 36;
    /** A header's key and value lengths, as varints at their longest. */
    private static final int HEADER_OVERHEAD = 10;
    /** A key longer than this is left out of a reference. */
    private static final int MAX_REFERENCE_KEY_BYTES = 1024;

    private TooLargeRecords() {}

    /** An upper bound of the bytes the producer counts against {@code max.request.size} for this record, uncompressed. */
    public static long sizeOf(byte[] key, byte[] value, Headers headers) {
        long size = BATCH_AND_RECORD_OVERHEAD + length(key) + length(value);
        for (Header h : headers) {
            size += HEADER_OVERHEAD + h.key().getBytes(StandardCharsets.UTF_8).length + length(h.value());
        }
        return size;
    }

    /** The key a reference keeps: the original's, unless it is itself large. */
    public static byte[] referenceKey(byte[] key) {
        return key != null && key.length <= MAX_REFERENCE_KEY_BYTES ? key : null;
    }

    /**
     * The headers of a reference: the original's own headers are dropped (they may be what made it
     * large), the source position is kept.
     *
     * @param originalReason the reason code it would have had, or {@code late}
     * @param why            why it could not be copied, for a person
     */
    public static Headers referenceHeaders(String originalReason, String why, long originalSize,
                                           String sourceTopic, int sourcePartition, long sourceOffset) {
        Headers h = new RecordHeaders();
        add(h, DeadLetterHeaders.REASON, RejectReason.TOO_LARGE.code());
        add(h, DeadLetterHeaders.DETAIL, "a " + originalReason + " record of " + originalSize + " bytes: " + why
                + "; the original stays at " + sourceTopic + "/" + sourcePartition + "/" + sourceOffset);
        add(h, DeadLetterHeaders.ORIGINAL_REASON, originalReason);
        add(h, DeadLetterHeaders.ORIGINAL_SIZE, Long.toString(originalSize));
        add(h, DeadLetterHeaders.SOURCE_TOPIC, sourceTopic);
        add(h, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(sourcePartition));
        add(h, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(sourceOffset));
        return h;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
