package ai.tracto.tractorun.job.bind;

/** A bind archive cannot be packed or unpacked; the message names the archive and the entry. */
public class BindArchiveException extends RuntimeException {
    public BindArchiveException(String message) {
        super(message);
    }

    public BindArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
