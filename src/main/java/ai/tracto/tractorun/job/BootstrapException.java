package ai.tracto.tractorun.job;

/**
 * The job cannot start: its bootstrap configuration is unreadable or invalid, or it was
 * written by another version of tractorun. The message is meant for the job's stderr as is.
 */
public class BootstrapException extends RuntimeException {
    public BootstrapException(String message) {
        super(message);
    }

    public BootstrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
