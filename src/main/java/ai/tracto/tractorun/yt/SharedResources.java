package ai.tracto.tractorun.yt;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** What clients derived from one another share: the HTTP connection pool and the pinger thread. */
final class SharedResources {
    final HttpClient http;
    final StreamedHttp streamed;
    private ScheduledThreadPoolExecutor pinger;
    private boolean closed;

    SharedResources(Duration connectTimeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.streamed = new StreamedHttp(connectTimeout);
    }

    /** The pinger, started on first use so clients that never start a transaction start no thread. */
    synchronized ScheduledExecutorService pinger() {
        if (closed) {
            throw new IllegalStateException("the YtClient is closed");
        }
        if (pinger == null) {
            pinger = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "yt-transaction-pinger");
                thread.setDaemon(true);
                return thread;
            });
            pinger.setRemoveOnCancelPolicy(true);
        }
        return pinger;
    }

    synchronized void close() {
        closed = true;
        if (pinger != null) {
            pinger.shutdownNow();
        }
    }
}
