package vn.ndxp.model.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written under a temporary name beside its own ({@code .NAME.partial}) and moved to its
 * name only once complete, so that a stop half-way (Ctrl-C, a container stopped, a full disk)
 * never leaves a truncated file that a later {@code replay} or {@code test -s} would take as whole.
 */
final class PartialFile {
    /** Closes what writes the file. */
    interface Closer {
        void close() throws IOException;
    }

    private final Path target;
    private final Path partial;
    private boolean closed;

    PartialFile(Path target) {
        this.target = target;
        Path name = target.getFileName();
        this.partial = target.resolveSibling("." + name + ".partial");
    }

    /** Where to write until {@link #publish}. */
    Path partial() {
        return partial;
    }

    /** The file is complete: closes its writer, and the file takes its name (replacing an older one). */
    void finish(Closer writer) {
        try {
            closeOnce(writer);
        } catch (UncheckedIOException e) {
            discard();
            throw e;
        }
        publish();
    }

    /** Unless finished: closes its writer and deletes what was written. */
    void abandon(Closer writer) {
        if (closed) {
            return;
        }
        try {
            closeOnce(writer);
        } finally {
            discard();
        }
    }

    private void closeOnce(Closer writer) {
        closed = true;
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private void publish() {
        try {
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private void discard() {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // Nothing more to do: the target is untouched and the name says what it is.
        }
    }
}
