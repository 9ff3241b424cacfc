package vn.ndxp.cli;

/** An expected error the user can fix: shown as its message alone, without a stack trace. */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }
}
