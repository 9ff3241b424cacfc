package vn.ndxp.bench;

/**
 * A JVM's CPU time per event, in microseconds: all its threads, and what took it. For the streams
 * app the stream thread is the topology's own work; the rest is the JVM's (garbage collection, JIT
 * compilation) and the Kafka clients' (the producer's network thread); {@link #other} is the
 * remainder (consumer heartbeats, state restoration, the metrics endpoint, exited threads). For the
 * embedded platform only the total, GC and JIT are filled in.
 */
public record CpuPerEvent(double total, double streamThread, double gc, double jit, double producerIo) {
    public double other() {
        return Math.max(0, total - streamThread - gc - jit - producerIo);
    }

    static CpuPerEvent of(ThreadCpu used, double streamThreadSeconds, long events) {
        double perEvent = 1e6 / Math.max(1, events);
        return new CpuPerEvent(used.total() * perEvent, streamThreadSeconds * perEvent, used.gc() * perEvent,
                used.jit() * perEvent, used.producerIo() * perEvent);
    }
}
