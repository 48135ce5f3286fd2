package ai.tracto.tractorun.job.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRoutingTest {
    private static List<LogLine> pump(String input, int maxLineBytes) {
        List<LogLine> lines = new ArrayList<>();
        new LinePump(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), LogSource.worker(3),
                LogStream.STDERR, lines::add, maxLineBytes, Clock.systemUTC()).run();
        return lines;
    }

    @Test
    void everyLineIsHandedOnWithoutItsLineBreakAndAnUnterminatedLastLineToo() {
        List<LogLine> lines = pump("one\ntwo\r\n\nlast", 64);

        assertThat(lines).extracting(LogLine::text).containsExactly("one", "two", "", "last");
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.source()).isEqualTo(LogSource.worker(3));
            assertThat(l.stream()).isEqualTo(LogStream.STDERR);
        });
    }

    @Test
    void anOverlongLineIsSplitIntoPiecesNeverInsideAMultiByteCharacter() {
        String line = "ab" + "é".repeat(10);

        List<LogLine> pieces = pump(line + "\n", 5);

        assertThat(pieces).extracting(LogLine::text).allSatisfy(t -> assertThat(t).doesNotContain("\uFFFD"));
        assertThat(String.join("", pieces.stream().map(LogLine::text).toList())).isEqualTo(line);
        assertThat(pieces).allSatisfy(p -> assertThat(p.text().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(5));
    }

    @Test
    void theStderrSinkPrefixesEachLineWithItsSource() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StderrLogSink sink = new StderrLogSink(err);

        sink.accept(new LogLine(LogSource.worker(3), LogStream.STDOUT, java.time.Instant.EPOCH, "hello"));
        sink.accept(new LogLine(LogSource.sidecar(0), LogStream.STDERR, java.time.Instant.EPOCH, "side"));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("[rank 3] hello\n[sidecar 0] side\n");
    }

    @Test
    void theLinesCompletedByOneReadAreHandedOnTogetherAndTheUnfinishedOneWhenTheStreamEnds() {
        List<List<String>> batches = new ArrayList<>();
        LogSink sink = new LogSink() {
            @Override
            public void accept(LogLine line) {
                batches.add(List.of(line.text()));
            }

            @Override
            public void acceptAll(List<LogLine> lines) {
                batches.add(lines.stream().map(LogLine::text).toList());
            }
        };

        new LinePump(new ByteArrayInputStream("one\ntwo\nthr".getBytes(StandardCharsets.UTF_8)), LogSource.worker(0),
                LogStream.STDOUT, sink, 64, Clock.systemUTC()).run();

        assertThat(batches).containsExactly(List.of("one", "two"), List.of("thr"));
    }

    @Test
    void teeGivesEveryBatchToEverySinkInOrder() {
        List<LogLine> a = new ArrayList<>();
        List<LogLine> b = new ArrayList<>();
        LogLine one = new LogLine(LogSource.worker(0), LogStream.STDOUT, java.time.Instant.EPOCH, "1");
        LogLine two = new LogLine(LogSource.worker(0), LogStream.STDOUT, java.time.Instant.EPOCH, "2");

        LogSink.tee(List.of(a::add, b::add)).acceptAll(List.of(one, two));

        assertThat(a).containsExactly(one, two);
        assertThat(b).containsExactly(one, two);
    }

    @Test
    void teeGivesEveryLineToEverySink() {
        List<LogLine> a = new ArrayList<>();
        List<LogLine> b = new ArrayList<>();
        LogLine line = new LogLine(LogSource.worker(0), LogStream.STDOUT, java.time.Instant.EPOCH, "x");

        LogSink.tee(List.of(a::add, b::add)).accept(line);

        assertThat(a).containsExactly(line);
        assertThat(b).containsExactly(line);
    }
}
