package vn.ndxp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import vn.ndxp.model.serde.SchemaRegistryException;

class ThreadFailuresTest {

    @Test
    void anOutageAnywhereInTheCauseChainReplacesTheThread() {
        ThreadFailures failures = new ThreadFailures(() -> false);
        StreamsException registryDown = new StreamsException("processing failed", new StreamsException(
                new SchemaRegistryException("down", "http://r", SchemaRegistryException.NO_RESPONSE, -1, null)));

        long started = System.nanoTime();
        assertThat(failures.handle(registryDown)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(System.nanoTime() - started).as("paused first").isGreaterThanOrEqualTo(ThreadFailures.FIRST_PAUSE.toNanos());
        assertThat(ThreadFailures.transientCause(new StreamsException(new TimeoutException("broker")))).isNotNull();
    }

    @Test
    void aBugShutsTheClientDownAndSoDoesAnOutageWhileClosing() {
        assertThat(new ThreadFailures(() -> false).handle(new StreamsException(new IllegalStateException("bug"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(new ThreadFailures(() -> false).handle(new SerializationException("not retriable")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(new ThreadFailures(() -> true).handle(new TimeoutException("broker")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
