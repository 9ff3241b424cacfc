package vn.ndxp.simulator;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.pacing.Pacer;
import vn.ndxp.simulator.output.RecordSink;

/** A simulation sending on its own thread until it ends or is closed; for the demo. */
public final class BackgroundSimulation implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundSimulation.class);

    private final Thread thread;
    private final RecordSink<?> sink;

    public BackgroundSimulation(Catalog catalog, SimulationOptions options, RecordSink<?> sink, Pacer pacer) {
        this.sink = sink;
        GroundTruth truth = new GroundTruth(1, Duration.ofHours(6));
        this.thread = new Thread(() -> {
            try {
                SimulationRun.run(catalog, options, sink, pacer, truth);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("The simulation stopped: {}", e.toString());
            }
        }, "simulation");
        thread.setDaemon(true);
        thread.start();
    }

    public long sent() {
        return sink.delivered();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
        sink.close();
    }
}
