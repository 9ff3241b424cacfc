package vn.ndxp.time;

import vn.ndxp.topology.InputRules;

/**
 * Not a test: a deliberate back-edge from a leaf (time) up to the topology, which itself uses time,
 * for {@code vn.ndxp.ArchitectureTest} to show that the architecture rules catch it.
 */
public final class BackEdgeFixture {
    private BackEdgeFixture() {}

    public static long dedupWindowMillis() {
        return InputRules.DEFAULT_DEDUP_WINDOW.toMillis();
    }
}
