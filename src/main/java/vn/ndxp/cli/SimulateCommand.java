package vn.ndxp.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.ndxp.model.Topics;
import vn.ndxp.model.file.AvroEventWriter;
import vn.ndxp.model.file.EventFileFormat;
import vn.ndxp.pacing.Pacer;
import vn.ndxp.simulator.GroundTruth;
import vn.ndxp.simulator.SimulationOptions;
import vn.ndxp.simulator.SimulationRun;
import vn.ndxp.simulator.output.AvroRecordSink;
import vn.ndxp.simulator.output.JsonLinesRecordSink;
import vn.ndxp.simulator.output.KafkaRecordSink;
import vn.ndxp.simulator.output.RecordSink;
import vn.ndxp.simulator.scenario.Scenario;
import vn.ndxp.time.VietnamCalendar;

@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generates NDXP traffic: the catalog's systems calling each other through a Vietnamese working day.",
                "Deterministic: the same seed and options give the same events. Writes the ground truth with --truth."},
        footer = {"", "Scenarios (repeatable, combinable):",
                "  outage:system=S,from=HH:MM,to=HH:MM[,date=D][,mode=fail|timeout]",
                "  silent:system=S,from=HH:MM,to=HH:MM[,date=D]",
                "  surge:factor=X,from=HH:MM,to=HH:MM[,date=D][,agency=A]",
                "  late:fraction=F[,delay=8h]      out-of-order:fraction=F[,max-shift=5m]",
                "  duplicates:fraction=F[,max-delay=10m]      malformed:fraction=F",
                "  clock-skew:system=S,offset=7h[,from=HH:MM][,to=HH:MM][,date=D]",
                "  poison:kind=oversized|unknown-ids|foreign-schema,count=N,at=HH:MM[,date=D]"})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First local day (default: today in Asia/Ho_Chi_Minh).")
    LocalDate from;

    @Option(names = "--days", defaultValue = "1", description = "Number of days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--volume", defaultValue = "2800000",
            description = "Transactions on a working day before growth (default: ${DEFAULT-VALUE}, April 2024).")
    double volume;

    @Option(names = "--growth", defaultValue = "0", description = "Extra volume, e.g. 0.67 for +67 %% (default: ${DEFAULT-VALUE}).")
    double growth;

    @Mixin
    ScenarioOptions scenarios;

    @Mixin
    CatalogOption catalog;

    @ArgGroup(exclusive = true)
    Output output = new Output();

    static final class Output {
        @Option(names = "--out", paramLabel = "FILE",
                description = "Write to a file that `replay` reads instead of sending: an Avro container for *.avro, JSON Lines"
                        + " for *.jsonl and any other name, unless --out-format says otherwise.")
        Path file;

        @Option(names = "--dry-run", description = "Send nothing; only tally the ground truth.")
        boolean dryRun;
    }

    @ArgGroup(exclusive = true)
    Pace pace = new Pace();

    static final class Pace {
        @Option(names = "--speed", paramLabel = "X",
                description = "X simulated seconds per second (1440: a day per minute). Default: real time.")
        Double speed;

        @Option(names = "--max", description = "As fast as possible.")
        boolean max;
    }

    @Option(names = "--out-format", paramLabel = "avro|jsonl", converter = FormatConverter.class,
            description = "Format of --out, whatever its name: avro or jsonl.")
    EventFileFormat outFormat;

    @Option(names = "--codec", defaultValue = AvroEventWriter.DEFAULT_CODEC,
            description = "Compression of an Avro --out: deflate (every Avro reader has it), zstandard, snappy or null"
                    + " (default: ${DEFAULT-VALUE}).")
    String codec;

    @Option(names = "--truth", paramLabel = "FILE", description = "Write the ground truth (JSON) here.")
    Path truthFile;

    @Option(names = "--partitions", defaultValue = "6",
            description = "Partitions of the input topic, for the ground truth of late events (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Mixin
    GraceOption grace;

    @Option(names = "--topic", defaultValue = Topics.EXCHANGE_EVENTS, description = "Target topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        SimulationOptions options = options();
        GroundTruth truth = new GroundTruth(partitions, grace.grace);
        boolean paced = !output.dryRun && output.file == null;
        Pacer pacer = !paced || pace.max ? Pacer.asFastAsPossible()
                : pace.speed != null ? Pacer.accelerated(pace.speed) : Pacer.realTime();
        SimulationRun.Summary summary;
        long failed;
        try (RecordSink<?> sink = sink()) {
            summary = SimulationRun.run(catalog.load(), options, sink, pacer, truth);
            sink.finish();
            sink.close();
            failed = sink.failed();
            if (sink instanceof AvroRecordSink avro && avro.skipped() > 0) {
                System.err.printf("%,d malformed records not written: bad magic, truncated and unknown-schema records"
                        + " cannot be held in an Avro container (`record` drops them too)%n", avro.skipped());
            }
        } catch (KafkaException e) {
            throw kafka.unavailable(e);
        }
        if (truthFile != null) {
            truth.write(truthFile);
        }
        System.out.printf("%,d records in %.1f s (%,.0f/s): %,d transactions to count, %,d late, %,d duplicates, %,d malformed%n",
                summary.records(), summary.seconds(), summary.recordsPerSecond(), truth.total(), truth.late(),
                truth.duplicates(), truth.rejected().values().stream().mapToLong(Long::longValue).sum());
        if (failed > 0) {
            System.err.printf("%,d records could not be sent%n", failed);
            return 2;
        }
        return 0;
    }

    private SimulationOptions options() {
        List<Scenario> parsed = scenarios.parse();
        LocalDate first = from != null ? from : VietnamCalendar.localDate(System.currentTimeMillis());
        try {
            return new SimulationOptions(first, days, seed, volume, growth, parsed);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    private RecordSink<?> sink() {
        if (output.dryRun) {
            return RecordSink.none();
        }
        if (output.file != null) {
            if (EventFileFormat.forOutput(output.file, outFormat, EventFileFormat.JSONL) == EventFileFormat.JSONL) {
                return new JsonLinesRecordSink(output.file);
            }
            try {
                return new AvroRecordSink(output.file, codec);
            } catch (IllegalArgumentException e) {
                throw new UserException("--codec: " + e.getMessage());
            }
        }
        kafka.requireTopic(topic);
        return new KafkaRecordSink(kafka.clientProperties(), kafka.registry(), topic);
    }
}
