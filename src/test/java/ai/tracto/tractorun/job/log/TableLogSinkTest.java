package ai.tracto.tractorun.job.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TableLogSinkTest {
    private static LogLine line(LogSource source, LogStream stream, String text) {
        return new LogLine(source, stream, Instant.parse("2026-01-02T03:04:05Z"), text);
    }

    @Test
    void linesAreWrittenAsRowsToTheTableOfTheirSource() {
        List<String> tables = Collections.synchronizedList(new ArrayList<>());
        List<ObjectNode> rows = Collections.synchronizedList(new ArrayList<>());
        TableLogSink sink = new TableLogSink((table, batch) -> {
            batch.forEach(r -> tables.add(table));
            rows.addAll(batch);
        }, s -> TableLogSink.tablePath("//tmp/t", 2, s), 100, 10, Duration.ofSeconds(10));

        sink.accept(line(LogSource.worker(1), LogStream.STDOUT, "out"));
        sink.accept(line(LogSource.sidecar(0), LogStream.STDERR, "err"));
        sink.close();

        assertThat(tables).containsExactly("//tmp/t/logs/2/workers/1", "//tmp/t/logs/2/sidecars/0");
        assertThat(rows).extracting(Object::toString).containsExactly(
                "{\"datetime\":\"2026-01-02T03:04:05Z\",\"message\":\"out\",\"fd\":1}",
                "{\"datetime\":\"2026-01-02T03:04:05Z\",\"message\":\"err\",\"fd\":2}");
        assertThat(sink.droppedLines()).isZero();
        assertThat(sink.writtenLines()).isEqualTo(2);
    }

    @Test
    @Timeout(30)
    void aStuckWriterMakesTheSinkDropAndCountLinesInsteadOfBlocking() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TableLogSink sink = new TableLogSink((table, batch) -> {
            writing.countDown();
            // Stuck for good, as a hung network call would be: deaf to interruption too.
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // keep waiting
                }
            }
        }, s -> "//t", 10, 1, Duration.ofMillis(200));
        sink.accept(line(LogSource.worker(0), LogStream.STDOUT, "first"));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 1000; i++) {
            sink.accept(line(LogSource.worker(0), LogStream.STDOUT, "line " + i));
        }

        assertThat(sink.droppedLines()).isEqualTo(990);
        sink.close();
        assertThat(sink.droppedLines()).isEqualTo(1000);
        assertThat(sink.writtenLines()).isZero();
        release.countDown();
    }

    @Test
    void linesAfterCloseAreCountedAsDropped() {
        TableLogSink sink = new TableLogSink((table, batch) -> { }, s -> "//t", 10, 10, Duration.ofSeconds(5));
        sink.close();

        sink.accept(line(LogSource.worker(0), LogStream.STDOUT, "late"));

        assertThat(sink.droppedLines()).isEqualTo(1);
    }

    @Test
    void aFailingWriterLosesOnlyItsBatch() {
        List<ObjectNode> rows = Collections.synchronizedList(new ArrayList<>());
        TableLogSink sink = new TableLogSink((table, batch) -> {
            if (table.endsWith("/0")) {
                throw new IllegalStateException("cluster unavailable");
            }
            rows.addAll(batch);
        }, s -> TableLogSink.tablePath("//t", 0, s), 100, 100, Duration.ofSeconds(10));

        sink.accept(line(LogSource.worker(0), LogStream.STDOUT, "lost"));
        sink.accept(line(LogSource.worker(1), LogStream.STDOUT, "kept"));
        sink.close();

        assertThat(rows).extracting(r -> r.get("message").asText()).containsExactly("kept");
        assertThat(sink.droppedLines()).isEqualTo(1);
    }
}
