package vn.ndxp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import vn.ndxp.runtime.EmbeddedPlatform;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Runs only the embedded Kafka broker and schema registry, with the topics created, for other processes.")
final class BrokerCommand implements Callable<Integer> {
    @Mixin
    EmbeddedOptions embedded;

    @Override
    public Integer call() throws InterruptedException {
        Shutdown shutdown = new Shutdown();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(embedded.host, embedded.kafkaPort,
                embedded.registryPort, embedded.dataDir, embedded.partitions)) {
            System.out.printf("Kafka:           %s%nSchema registry: %s%nData:            %s%nCtrl-C to stop.%n",
                    platform.bootstrapServers(), platform.schemaRegistryUrl(), platform.dataDir());
            shutdown.awaitRequest();
            return 0;
        } finally {
            shutdown.done();
        }
    }
}
