package ai.tracto.tractorun.job.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StderrLogSinkTest {
    private static LogLine line(int rank, String text) {
        return new LogLine(LogSource.worker(rank), LogStream.STDOUT, Instant.EPOCH, text);
    }

    /** Keeps what was written apart from what was flushed, and lets a test wait for flushed text. */
    private static final class FlushedText extends OutputStream {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final StringBuilder flushed = new StringBuilder();

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            flushed.append(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
            notifyAll();
        }

        synchronized String awaitFlushed(String expected) throws InterruptedException {
            while (!flushed.toString().equals(expected)) {
                wait();
            }
            return flushed.toString();
        }
    }

    @Test
    void aLoneLineReachesTheOutputFlushedWhileItsProcessWritesNothingMore() throws Exception {
        Pipe pipe = Pipe.open();
        FlushedText err = new FlushedText();
        InputStream in = Channels.newInputStream(pipe.source());
        Thread pump = new Thread(new LinePump(in, LogSource.worker(3), LogStream.STDOUT, new StderrLogSink(err),
                LinePump.DEFAULT_MAX_LINE_BYTES, Clock.systemUTC()));
        pump.start();

        pipe.sink().write(ByteBuffer.wrap("one\ntw".getBytes(StandardCharsets.UTF_8)));

        // The writing end stays open and silent: the complete line must not wait for more output.
        assertThat(err.awaitFlushed("[rank 3] one\n")).isEqualTo("[rank 3] one\n");
        pipe.sink().write(ByteBuffer.wrap("o\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(err.awaitFlushed("[rank 3] one\n[rank 3] two\n")).isEqualTo("[rank 3] one\n[rank 3] two\n");
        pipe.sink().close();
        pump.join();
    }

    @Test
    void linesHandedOnTogetherAreWrittenWholeInOrderWithTheirPrefixes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        new StderrLogSink(err).acceptAll(List.of(line(1, "a"), line(1, "bé"), line(2, "c"), line(1, "")));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("[rank 1] a\n[rank 1] bé\n[rank 2] c\n[rank 1] \n");
    }

    /** Records every write call; the first one waits until released. */
    private static final class HeldFirstWrite extends OutputStream {
        final CountDownLatch firstWriteStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> writes = new ArrayList<>();

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException("the sink writes whole batches");
        }

        @Override
        public void write(byte[] b, int off, int len) {
            boolean first;
            synchronized (this) {
                first = writes.isEmpty();
                writes.add(new String(b, off, len, StandardCharsets.UTF_8));
            }
            if (first) {
                firstWriteStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void awaitBlocked(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.BLOCKED) {
            Thread.sleep(1);
        }
    }

    @Test
    void linesArrivingWhileAWriteIsUnderWayGoOutTogetherInTheNextWrite() throws Exception {
        HeldFirstWrite out = new HeldFirstWrite();
        StderrLogSink sink = new StderrLogSink(out);
        Thread first = new Thread(() -> sink.accept(line(0, "first")));
        first.start();
        assertThat(out.firstWriteStarted.await(30, TimeUnit.SECONDS)).isTrue();
        Thread second = new Thread(() -> sink.accept(line(1, "second")));
        Thread third = new Thread(() -> sink.accept(line(2, "third")));
        second.start();
        awaitBlocked(second);
        third.start();
        awaitBlocked(third);

        out.release.countDown();
        first.join();
        second.join();
        third.join();

        assertThat(out.writes).containsExactly("[rank 0] first\n", "[rank 1] second\n[rank 2] third\n");
    }

    @Test
    void aFailedWriteIsReportedToTheCaller() {
        StderrLogSink sink = new StderrLogSink(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("closed");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("closed");
            }
        });

        assertThatThrownBy(() -> sink.accept(line(0, "lost")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write to the job's stderr")
                .hasRootCauseMessage("closed");
    }
}
