package ai.tracto.tractorun.yt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Commands whose body is a stream of data (files, tables, job stderr) over blocking
 * {@link HttpURLConnection}, which moves bytes straight between the socket and the caller's
 * buffer. {@code java.net.http} hands a body over in 16 KiB pieces passed between threads, which
 * caps a download at a fraction of what the connection carries; commands with small bodies keep
 * using it.
 */
final class StreamedHttp {
    /** Chunks of an upload: large, so a GiB is a thousand writes, small enough to stay out of the way of the heap. */
    static final int CHUNK_SIZE = 1 << 20;
    /** At most this much of an error body is read. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final Duration connectTimeout;

    StreamedHttp(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** An answer whose headers have arrived; on failure the body holds the start of the error body. */
    record Response(int status, HttpHeaders headers, InputStream body) {
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /** Sends a request without a body; {@code readTimeout} bounds every wait for the server, headers and body alike. */
    Response get(String method, URI uri, Map<String, String> headers, Duration readTimeout) throws IOException {
        HttpURLConnection connection = open(method, uri, headers);
        connection.setReadTimeout(millis(readTimeout));
        return respond(connection);
    }

    /**
     * Sends {@code data} to its end as a chunked body. {@code bodyStarted} runs once the
     * connection is made, right before the first byte of the body. When reading {@code data}
     * or sending fails, the connection is dropped without the closing chunk, so the server
     * never mistakes a part for the whole.
     */
    Response put(String method, URI uri, Map<String, String> headers, InputStream data, Runnable bodyStarted)
            throws IOException {
        HttpURLConnection connection = open(method, uri, headers);
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(CHUNK_SIZE);
        // Writing the body can take long and the answer comes after the server has stored it: no read timeout.
        connection.setReadTimeout(0);
        OutputStream out = connection.getOutputStream();
        bodyStarted.run();
        try {
            byte[] buffer = new byte[CHUNK_SIZE];
            for (int n; (n = data.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            // Only a body read to its end is finished with the closing chunk.
            out.close();
        } catch (IOException | RuntimeException | Error e) {
            connection.disconnect();
            throw e;
        }
        return respond(connection);
    }

    private HttpURLConnection open(String method, URI uri, Map<String, String> headers) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(millis(connectTimeout));
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(true);
        // Otherwise HttpURLConnection sends a browser's Accept list.
        connection.setRequestProperty("Accept", "*/*");
        headers.forEach(connection::setRequestProperty);
        return connection;
    }

    private static Response respond(HttpURLConnection connection) throws IOException {
        int status;
        try {
            status = connection.getResponseCode();
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
        HttpHeaders headers = headersOf(connection);
        if (status >= 200 && status < 300) {
            return new Response(status, headers, new ResponseBody(connection, headers));
        }
        byte[] body;
        try (InputStream error = connection.getErrorStream()) {
            body = error == null ? new byte[0] : error.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            body = new byte[0];
        }
        return new Response(status, headers, new ByteArrayInputStream(body));
    }

    private static HttpHeaders headersOf(HttpURLConnection connection) {
        Map<String, List<String>> fields = new HashMap<>();
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) { // the status line comes under the null key
                fields.put(name, values);
            }
        });
        return HttpHeaders.of(fields, (name, value) -> true);
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    /**
     * A success body. HttpURLConnection reports a connection closed before the announced
     * {@code Content-Length} as a plain end of stream; here it is an error, as it is. Closed
     * before its end, the connection is dropped rather than drained.
     */
    private static final class ResponseBody extends InputStream {
        private final HttpURLConnection connection;
        private final InputStream in;
        private final long expected;
        private long received;
        private boolean ended;

        ResponseBody(HttpURLConnection connection, HttpHeaders headers) throws IOException {
            this.connection = connection;
            this.expected = headers.firstValueAsLong("Content-Length").orElse(-1);
            try {
                this.in = connection.getInputStream();
            } catch (IOException | RuntimeException e) {
                connection.disconnect();
                throw e;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = in.read(buffer, off, len);
            if (n > 0) {
                received += n;
            } else if (n < 0) {
                if (expected >= 0 && received < expected) {
                    throw new IOException("the connection closed after " + received + " of " + expected + " bytes");
                }
                ended = true;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            if (ended) {
                in.close(); // the connection may serve the next request
            } else {
                connection.disconnect();
            }
        }
    }
}
