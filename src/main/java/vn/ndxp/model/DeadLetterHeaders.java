package vn.ndxp.model;

/**
 * Headers of the records on {@link Topics#DEAD_LETTERS}. The key and value stay the input's
 * original bytes; these headers say why the record was refused and where it came from, so that
 * the {@code dlq} command can summarise and re-send it.
 */
public final class DeadLetterHeaders {
    /** Why: a stable lowercase code such as {@code unknown-agency}, the same as the metric label. */
    public static final String REASON = "ndxp.dlq.reason";
    /** What exactly was wrong, for a person: names the field and the value at fault. */
    public static final String DETAIL = "ndxp.dlq.detail";
    public static final String SOURCE_TOPIC = "ndxp.dlq.source.topic";
    public static final String SOURCE_PARTITION = "ndxp.dlq.source.partition";
    public static final String SOURCE_OFFSET = "ndxp.dlq.source.offset";
    /** On a {@code too-large} reference: the reason the original would have had ({@code late} for a late event). */
    public static final String ORIGINAL_REASON = "ndxp.dlq.original.reason";
    /** On a {@code too-large} reference: the original's key, value and headers in bytes. */
    public static final String ORIGINAL_SIZE = "ndxp.dlq.original.size";
    /** On a re-sent record: the dead letter it came from, {@code <dlq partition>/<dlq offset>}. */
    public static final String RESENT_FROM = "ndxp.dlq.resent-from";
    /** Every header above starts with this. */
    public static final String PREFIX = "ndxp.dlq.";

    private DeadLetterHeaders() {}
}
