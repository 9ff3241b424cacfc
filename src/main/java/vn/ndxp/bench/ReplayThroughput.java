package vn.ndxp.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.loadtest.KafkaEventSink;
import vn.ndxp.loadtest.Report;
import vn.ndxp.loadtest.ReplayPlan;
import vn.ndxp.loadtest.ReplayRun;
import vn.ndxp.model.file.AvroEventWriter;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.pacing.Schedule;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.simulator.Simulation;
import vn.ndxp.simulator.SimulationOptions;

/**
 * {@code replay --max} as a load tester runs it: a simulated day written to a file as
 * {@code simulate --out day.avro} writes it (deflate), then replayed into a topic of its own, until
 * every event is acknowledged. Its ratio to the raw producer is what reading, decoding and
 * serializing the events, and the load generator's own bookkeeping, cost the sends.
 */
final class ReplayThroughput {
    private ReplayThroughput() {}

    static Measurement measure(EmbeddedPlatform platform, Catalog catalog, SimulationOptions day, Path file, String topic)
            throws IOException {
        long written;
        try (AvroEventWriter writer = new AvroEventWriter(file, null)) {
            Simulation simulation = new Simulation(catalog, day);
            while (simulation.hasNext()) {
                writer.write(simulation.next().event());
            }
            writer.finish();
            written = writer.written();
        }
        ReplayRun.Options options = new ReplayRun.Options(file, ReplayPlan.once(Schedule.max()), Duration.ofSeconds(10),
                null, "127.0.0.1", -1, null, Duration.ZERO);
        Report report;
        try (KafkaEventSink sink = new KafkaEventSink(Map.of("bootstrap.servers", platform.bootstrapServers()),
                new RestSchemaRegistryClient(platform.schemaRegistryUrl()), topic)) {
            report = ReplayRun.run(options, sink, new PrintStream(OutputStream.nullOutputStream()), System.err).report();
        }
        if (report.acked() != written || report.failed() > 0 || report.badRecords() > 0) {
            throw new IllegalStateException("replay: " + report.acked() + " of " + written + " events acknowledged, "
                    + report.failed() + " failed, " + report.badRecords() + " unreadable");
        }
        return new Measurement("replay -> broker", report.acked(), 0, report.elapsedSeconds());
    }
}
