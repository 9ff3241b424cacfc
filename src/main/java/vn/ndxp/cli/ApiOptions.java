package vn.ndxp.cli;

import picocli.CommandLine.Option;

/** Where the interactive-query API listens; shared by {@code streams} and {@code demo}. */
final class ApiOptions {
    @Option(names = "--api-host", defaultValue = "127.0.0.1",
            description = "Interface of the query API (default: ${DEFAULT-VALUE}; 0.0.0.0 for all). Other instances reach"
                    + " this one at this host, or at the machine's name for 0.0.0.0; -P application.server=HOST:PORT overrides.")
    String host;

    @Option(names = "--api-port", defaultValue = "8080", description = "Port of the query API (default: ${DEFAULT-VALUE}).")
    int port;
}
