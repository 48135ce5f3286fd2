package ai.tracto.tractorun.yt;

/** The client configuration (environment, token file, config file) is missing or malformed. */
public final class YtConfigException extends RuntimeException {
    public YtConfigException(String message) {
        super(message);
    }

    public YtConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
