package vn.ndxp.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.model.DeadLetterHeaders;
import vn.ndxp.model.Topics;
import vn.ndxp.topology.TooLargeRecords;

/**
 * What happens when the broker refuses a record the app sends. For the two topics that carry
 * input records out as they came (dead letters and late events), a refusal that retrying cannot
 * cure (the topic's {@code max.message.bytes} below the record, an invalid record) must not stop
 * the app: the stream thread would fail on the same input record after every restart. Such a
 * record is replaced by a {@link TooLargeRecords reference} on the dead letters, which points at the
 * original's position. The topology already sends a reference for anything over the producer's own
 * {@code max.request.size}; this catches what only the broker knows.
 *
 * <p>Counts, analytics and their changelogs are another matter: losing one would make the numbers
 * wrong, so those failures fail the thread as Kafka's default handler does, and retriable errors are
 * retried.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        String topic = record.topic();
        if (!topic.equals(Topics.DEAD_LETTERS) && !topic.equals(Topics.LATE_EVENTS)) {
            return Response.fail();
        }
        String source = context.topic() + "/" + context.partition() + "/" + context.offset();
        if (record.value() == null) {
            // Already a reference, and refused too (the topic is gone, say): nothing smaller to send.
            log.error("The dead letter for input record {} was refused ({}); the original stays at {}",
                    source, exception.getMessage(), source);
            return Response.resume();
        }
        String originalReason = topic.equals(Topics.LATE_EVENTS) ? "late" : header(record, DeadLetterHeaders.REASON);
        log.warn("The broker refused a copy of input record {} for {} ({}): sending a reference to it instead",
                source, topic, exception.getMessage());
        long size = TooLargeRecords.sizeOf(record.key(), record.value(), record.headers());
        ProducerRecord<byte[], byte[]> reference = new ProducerRecord<>(Topics.DEAD_LETTERS, null, record.timestamp(),
                TooLargeRecords.referenceKey(record.key()), null,
                TooLargeRecords.referenceHeaders(originalReason, "refused by the broker: " + exception.getMessage(),
                        size, context.topic(), context.partition(), context.offset()));
        return Response.resume(List.of(reference));
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? "unknown" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
