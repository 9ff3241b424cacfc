package vn.ndxp.runtime;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one KafkaStreams client: starts it, logs its state changes, turns an unexpected error in a
 * stream thread into a logged shutdown of the client, and closes it within a bounded time.
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<State> ALIVE = EnumSet.of(State.CREATED, State.REBALANCING, State.RUNNING);

    private final KafkaStreams streams;

    private StreamsRunner(KafkaStreams streams) {
        this.streams = streams;
    }

    /** @param onError called once if the client ends in the ERROR state */
    public static StreamsRunner start(Topology topology, Properties props, Runnable onError) {
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setStateListener((now, before) -> {
            if (now == State.ERROR) {
                log.error("Kafka Streams stopped with an error: counts no longer advance");
                onError.run();
            } else {
                log.info("Kafka Streams {} -> {}", before, now);
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed: {}", e.toString(), e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return new StreamsRunner(streams);
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

    @Override
    public void close() {
        if (!streams.close(CLOSE_TIMEOUT)) {
            log.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
        }
    }
}
