package ai.tracto.tractorun.job.log;

import java.time.Instant;
import java.util.Objects;

/** One line of output (without its line break), or one piece of an over-long line. */
public record LogLine(LogSource source, LogStream stream, Instant time, String text) {
    public LogLine {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(text, "text");
    }
}
