package vn.ndxp.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import vn.ndxp.catalog.CatalogException;
import vn.ndxp.model.serde.RegistryConfigException;
import vn.ndxp.model.serde.SchemaRegistryException;

/** {@code java -jar ndxp.jar <command>}: the entry point. */
@Command(name = "ndxp", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Simulates and monitors Vietnam's national data-sharing platform (NDXP) with Kafka Streams.",
        subcommands = {DemoCommand.class, BrokerCommand.class, StreamsCommand.class, SimulateCommand.class,
                ReplayCommand.class, RecordCommand.class, CatalogCommand.class, DlqCommand.class, BenchCommand.class})
public final class Ndxp {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code, without exiting the JVM. */
    public static int execute(String[] args) {
        CommandLine cli = new CommandLine(new Ndxp());
        try {
            cli.setDefaultValueProvider(ConfigDefaults.from(args, System.getenv()));
        } catch (UserException e) {
            cli.getErr().println(cli.getColorScheme().errorText(e.getMessage()));
            return 2;
        }
        return cli.setExecutionExceptionHandler(userErrorsWithoutTrace()).execute(args);
    }

    /** Expected errors print one line; anything else keeps its stack trace for a bug report. */
    private static IExecutionExceptionHandler userErrorsWithoutTrace() {
        return (e, cli, parsed) -> {
            if (e instanceof UserException || e instanceof SchemaRegistryException || e instanceof RegistryConfigException
                    || e instanceof CatalogException || e instanceof UncheckedIOException) {
                cli.getErr().println(cli.getColorScheme().errorText(e.getMessage()));
                return 1;
            }
            throw e;
        };
    }
}
