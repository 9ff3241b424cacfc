package vn.ndxp.pacing;

import java.io.PrintStream;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how long work is going: a progress bar redrawn in place on a terminal, a plain log line
 * every ten seconds otherwise (CI logs, files, pipes).
 */
public final class Progress implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Progress.class);
    private static final long TERMINAL_EVERY_NS = 200_000_000L;
    private static final long LOG_EVERY_NS = 10_000_000_000L;
    private static final int BAR = 30;

    private final String what;
    private final long expected;
    private final PrintStream terminal;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;

    /** @param expected the approximate total, for the bar; 0 when unknown */
    public Progress(String what, long expected) {
        this.what = what;
        this.expected = expected;
        this.terminal = System.console() != null ? System.err : null;
    }

    /** Cheap to call for every record: it only draws now and then. */
    public synchronized void update(long done, LongFunction<String> detail) {
        long now = System.nanoTime();
        if (now - lastNanos < (terminal != null ? TERMINAL_EVERY_NS : LOG_EVERY_NS)) {
            return;
        }
        lastNanos = now;
        String line = line(done, now, detail.apply(done));
        if (terminal != null) {
            terminal.print("\r" + line + "\u001B[K");
            terminal.flush();
        } else {
            log.info(line);
        }
    }

    /** A line of its own (a periodic report): above the bar on a terminal, logged otherwise. */
    public synchronized void println(String text) {
        if (terminal != null) {
            terminal.print("\r\u001B[K" + text + System.lineSeparator());
            terminal.flush();
            lastNanos = 0; // redraw the bar at the next update
        } else {
            log.info(text);
        }
    }

    private String line(long done, long now, String detail) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        String rate = String.format("%,.0f %s/s", done / seconds, what);
        if (expected <= 0) {
            return String.format("%,d %s  %s  %s", done, what, rate, detail);
        }
        double share = Math.min(1, done / (double) expected);
        int filled = (int) Math.round(share * BAR);
        return String.format("[%s%s] %3.0f%%  %,d %s  %s  %s", "#".repeat(filled), ".".repeat(BAR - filled),
                share * 100, done, what, rate, detail);
    }

    @Override
    public synchronized void close() {
        if (terminal != null) {
            terminal.print("\r\u001B[K");
            terminal.flush();
        }
    }
}
