package ai.tracto.tractorun.job.log;

import java.util.List;

/**
 * Receives every line of every worker and sidecar. Called concurrently from one reader thread
 * per stream; an implementation must never block for long, since a blocked reader stalls the
 * process writing to it.
 */
public interface LogSink extends AutoCloseable {
    void accept(LogLine line);

    /** Flushes what is pending and releases resources; no line is accepted afterwards. */
    @Override
    default void close() {}

    /** Gives each line to every sink in order; closes them all. */
    static LogSink tee(List<? extends LogSink> sinks) {
        List<LogSink> all = List.copyOf(sinks);
        return new LogSink() {
            @Override
            public void accept(LogLine line) {
                for (LogSink sink : all) {
                    sink.accept(line);
                }
            }

            @Override
            public void close() {
                for (LogSink sink : all) {
                    sink.close();
                }
            }
        };
    }
}
