package ai.tracto.tractorun.job.log;

import java.util.List;

/**
 * Receives every line of every worker and sidecar. Called concurrently from one reader thread
 * per stream; an implementation must never block for long, since a blocked reader stalls the
 * process writing to it.
 */
public interface LogSink extends AutoCloseable {
    void accept(LogLine line);

    /**
     * Takes consecutive lines of one stream, in order, as they were read together; a sink may
     * write them at once. Returns only once it would have returned for each line alone.
     */
    default void acceptAll(List<LogLine> lines) {
        for (LogLine line : lines) {
            accept(line);
        }
    }

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
            public void acceptAll(List<LogLine> lines) {
                for (LogSink sink : all) {
                    sink.acceptAll(lines);
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
