package vn.ndxp.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.ndxp.model.DeadLetterHeaders;
import vn.ndxp.model.Topics;
import vn.ndxp.runtime.DeadLetters;
import vn.ndxp.runtime.DeadLetters.DeadLetter;
import vn.ndxp.runtime.DeadLetters.Summary;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"Lists and summarises the dead letters: counts by reason, then the first ones with their "
                        + "offset, reason, source and detail. With --resend, sends them (or those of --reason) back "
                        + "to the input topic once their cause is fixed; each is judged again.",
                "Exit code: 0 done, 2 some re-sends failed."})
final class DlqCommand implements Callable<Integer> {
    private static final int MAX_DETAIL = 160;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", defaultValue = Topics.DEAD_LETTERS, description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--reason", split = ",", paramLabel = "REASON",
            description = "Only dead letters with this reason (repeatable or comma-separated), e.g. unknown-agency.")
    List<String> reasons = List.of();

    @Option(names = "--limit", defaultValue = "20", description = "How many dead letters to list (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--resend", description = "Send the matching dead letters back to the input topic.")
    boolean resend;

    @Option(names = "--to", defaultValue = Topics.EXCHANGE_EVENTS, paramLabel = "TOPIC",
            description = "Where --resend sends them (default: ${DEFAULT-VALUE}).")
    String target;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new UserException("--limit must not be negative, got " + limit);
        }
        Set<String> only = new HashSet<>(reasons);
        PrintStream out = System.out;
        Map<String, Long> resent = new TreeMap<>();
        AtomicLong failed = new AtomicLong();
        AtomicLong references = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Summary summary;
        try (Producer<byte[], byte[]> producer = resend ? producer() : null) {
            summary = scan(only, letter -> {
                if (producer != null && letter.isReference()) {
                    references.incrementAndGet(); // no value to send: the original is at its source position
                } else if (producer != null) {
                    resent.merge(letter.reason(), 1L, Long::sum);
                    producer.send(letter.toResend(target), (meta, error) -> {
                        if (error != null) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, error.toString());
                        }
                    });
                }
            });
            if (producer != null) {
                producer.flush();
            }
        }
        print(out, summary, only);
        if (resend) {
            if (references.get() > 0) {
                out.printf("%nNot re-sent: %d too-large dead letters, references without a value; their originals are"
                        + " at the source topic, partition and offset shown.%n", references.get());
            }
            return reportResend(out, resent, failed.get(), firstFailure.get());
        }
        return 0;
    }

    private Summary scan(Set<String> only, Consumer<DeadLetter> onMatch) {
        try {
            return DeadLetters.scan(kafka.clientProperties(), topic, only, limit, onMatch);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        } catch (KafkaException e) {
            throw kafka.unavailable(e);
        }
    }

    private Producer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.keySet().retainAll(ProducerConfig.configNames());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void print(PrintStream out, Summary s, Set<String> only) {
        out.printf("%s: %d dead letters%n", topic, s.total());
        if (s.total() == 0) {
            return;
        }
        int width = s.byReason().keySet().stream().mapToInt(String::length).max().orElse(6);
        s.byReason().forEach((reason, n) -> out.printf("  %-" + width + "s %,10d%n", reason, n));
        if (!only.isEmpty()) {
            out.printf("%d with reason %s%n", s.matched(), String.join(" or ", new TreeSet<>(only)));
        }
        if (s.first().isEmpty()) {
            return;
        }
        out.printf("%n%s%n", s.first().size() == s.matched() ? "All " + s.matched() + ":"
                : "The first " + s.first().size() + " of " + s.matched() + ":");
        out.println("  partition/offset  reason  source (topic/partition/offset)  key  detail");
        for (DeadLetter d : s.first()) {
            out.printf("  %d/%d  %s  %s  %s  %s%n", d.partition(), d.offset(), d.reason(),
                    d.source().isEmpty() ? "-" : d.source(), printable(d.key()), cut(d.detail()));
        }
    }

    private int reportResend(PrintStream out, Map<String, Long> resent, long failed, String firstFailure) {
        long total = resent.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder byReason = new StringBuilder();
        resent.forEach((r, n) -> byReason.append(byReason.length() == 0 ? "" : ", ").append(r).append(' ').append(n));
        out.printf("%nRe-sent %d dead letters to %s%s; %d failed.%n", total - failed, target,
                total == 0 ? "" : " (" + byReason + ")", failed);
        if (total > 0) {
            out.println("Each is judged again: one still at fault comes back to " + topic + " with a new offset and a"
                    + " " + DeadLetterHeaders.RESENT_FROM + " header; one already counted is dropped as a"
                    + " duplicate. The dead letters themselves stay where they are.");
        }
        if (failed > 0) {
            System.err.println("First send failure: " + firstFailure);
            return 2;
        }
        return 0;
    }

    private static String printable(byte[] key) {
        if (key == null) {
            return "(no key)";
        }
        String s = new String(key, StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}\\uFFFD]", "?");
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static String cut(String detail) {
        String oneLine = detail.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
    }
}
