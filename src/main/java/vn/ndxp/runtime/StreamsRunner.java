package vn.ndxp.runtime;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one KafkaStreams client: starts it, logs its state changes and restorations, waits out
 * outages by replacing failed stream threads ({@link ThreadFailures}), and closes it within a
 * bounded time, leaving the consumer group so that other instances take over at once instead of
 * after the session timeout.
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);
    /** The most a close may take; SIGTERM handling adds only the metrics server's stop. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<State> ALIVE = EnumSet.of(State.CREATED, State.REBALANCING, State.RUNNING);

    private final KafkaStreams streams;
    private final RestoreTracker restores;
    private volatile boolean closing;

    private StreamsRunner(KafkaStreams streams, RestoreTracker restores) {
        this.streams = streams;
        this.restores = restores;
    }

    /** @param onError called once if the client ends in the ERROR state */
    public static StreamsRunner start(Topology topology, Properties props, Runnable onError) {
        KafkaStreams streams = new KafkaStreams(topology, props);
        RestoreTracker restores = new RestoreTracker();
        StreamsRunner runner = new StreamsRunner(streams, restores);
        streams.setStateListener((now, before) -> {
            if (now == State.ERROR) {
                log.error("Kafka Streams stopped with an error: counts no longer advance");
                onError.run();
            } else {
                log.info("Kafka Streams {} -> {}", before, now);
            }
        });
        streams.setGlobalStateRestoreListener(restores);
        streams.setUncaughtExceptionHandler(new ThreadFailures(() -> runner.closing));
        streams.start();
        return runner;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public boolean alive() {
        return ALIVE.contains(streams.state());
    }

    public boolean running() {
        return streams.state() == State.RUNNING;
    }

    /** Changelog partitions of active tasks being restored right now. */
    public int restoring() {
        return restores.restoring();
    }

    /** Commits (under exactly-once: commits the open transactions), leaves the group and closes. */
    @Override
    public void close() {
        closing = true;
        long started = System.nanoTime();
        boolean closed = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (closed) {
            log.info("Kafka Streams closed in {} ms", (System.nanoTime() - started) / 1_000_000);
        } else {
            log.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
        }
    }
}
