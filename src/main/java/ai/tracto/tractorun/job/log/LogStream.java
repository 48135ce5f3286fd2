package ai.tracto.tractorun.job.log;

/** Which output of a process a line came from, with its file descriptor number. */
public enum LogStream {
    STDOUT(1),
    STDERR(2);

    private final int fd;

    LogStream(int fd) {
        this.fd = fd;
    }

    public int fd() {
        return fd;
    }
}
