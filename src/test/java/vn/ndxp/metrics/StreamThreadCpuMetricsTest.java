package vn.ndxp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamThreadCpuMetricsTest {

    @Test
    void countsTheStreamThreadsOnlyAndKeepsTheTimeOfThoseThatEnded() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new StreamThreadCpuMetrics().bindTo(registry);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong streamThreadCpu = new AtomicLong();
        Thread stream = spinner("app-1234-StreamThread-1", streamThreadCpu, release);
        Thread other = spinner("kafka-producer-network-thread | app-1234-StreamThread-1-producer", new AtomicLong(), release);
        stream.start();
        other.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> streamThreadCpu.get() > 0);
        System.gc(); // nothing but the registry holds the binder
        double whileWaiting = counted(registry);
        release.countDown();
        stream.join();
        other.join();

        // The other thread spun as long, but only the stream thread's time counts; waiting costs none.
        assertThat(whileWaiting).isBetween(streamThreadCpu.get() / 1e9, streamThreadCpu.get() / 1e9 + 0.05);
        assertThat(counted(registry)).isEqualTo(whileWaiting);
    }

    private static double counted(SimpleMeterRegistry registry) {
        return registry.get("ndxp.stream.threads.cpu").functionCounter().count();
    }

    /** A thread that burns 100 ms of CPU, publishes its CPU time, then waits for the release. */
    private static Thread spinner(String name, AtomicLong cpuNanos, CountDownLatch release) {
        return new Thread(() -> {
            long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start < 100_000_000L) {
                Thread.onSpinWait();
            }
            cpuNanos.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }
}
