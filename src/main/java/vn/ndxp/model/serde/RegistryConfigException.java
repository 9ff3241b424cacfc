package vn.ndxp.model.serde;

/** The registry client's settings are missing, unknown or unusable: the user's to fix. Names no secret. */
public final class RegistryConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RegistryConfigException(String message) {
        super(message);
    }
}
