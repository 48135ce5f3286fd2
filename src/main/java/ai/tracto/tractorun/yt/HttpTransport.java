package ai.tracto.tractorun.yt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client's HTTP/1.1 layer, on the JDK's {@link HttpURLConnection}: every exchange runs on
 * the calling thread, idle connections are kept alive by the JDK, and no thread of its own is
 * left behind.
 *
 * <p>Why not {@code java.net.http.HttpClient}: in Java 17 its selector thread waits in native
 * code for as long as the client object lives, and a JVM that exits waits up to 300 ms for
 * threads in native code to settle. Every tractorun JVM (the launcher, the bootstrap in each
 * job) would pay that on exit, which is on the path from a failed worker to the user's prompt.
 *
 * <p>File and table bodies move between the socket and the caller in 1 MiB pieces
 * ({@code java.net.http} would hand them over in 16 KiB pieces passed between threads). A
 * response body that ends before its {@code Content-Length} is an error, not an end.
 *
 * <p>Connections go direct (no system proxy), as YTsaurus proxies are addressed directly.
 */
final class HttpTransport {
    /** Bodies of uploads go out in chunks of this size: a GiB is a thousand writes, and the heap hardly notices. */
    private static final int CHUNK = 1 << 20;
    /** Error bodies are read up to this size; an error JSON is far smaller. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final Duration connectTimeout;

    HttpTransport(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** What to send: the method, the URL, the headers in order, and how long one read may block (empty = no limit). */
    record Request(String method, URI uri, List<Map.Entry<String, String>> headers, Optional<Duration> readTimeout) {
        Request {
            headers = List.copyOf(headers);
        }

        String describe() {
            return method + " " + uri;
        }
    }

    /** A response whose body was read whole. */
    record Response(int status, ResponseHeaders headers, byte[] body) {
        boolean isSuccess() {
            return HttpTransport.isSuccess(status);
        }
    }

    /** A response whose body is still to be read: a success's stream, or an error's first bytes. */
    record StreamedResponse(int status, ResponseHeaders headers, Optional<InputStream> stream, byte[] errorBody) {
    }

    /** One exchange with an optional small body, read whole. */
    Response exchange(Request request, byte[] body) throws IOException {
        HttpURLConnection connection = open(request);
        try {
            if (body != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            return readWhole(connection);
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    /**
     * One exchange whose response body is streamed to the caller on success; the caller closes
     * the stream. An error response is read (up to {@value #MAX_ERROR_BODY} bytes) and closed.
     */
    StreamedResponse download(Request request) throws IOException {
        HttpURLConnection connection = open(request);
        try {
            int status = connection.getResponseCode();
            ResponseHeaders headers = ResponseHeaders.of(connection.getHeaderFields());
            if (isSuccess(status)) {
                return new StreamedResponse(status, headers, Optional.of(new ResponseBody(connection, headers)),
                        new byte[0]);
            }
            return new StreamedResponse(status, headers, Optional.empty(), readError(connection));
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    /**
     * One exchange with a streamed body, sent in chunks. {@code bodyStarted} runs once the
     * connection is made, right before the first byte of the body is read from {@code data}:
     * from then on the request may have reached the server. When the server answers before the
     * whole body is sent (an early error), that answer is returned.
     */
    Response upload(Request request, InputStream data, Runnable bodyStarted) throws IOException {
        HttpURLConnection connection = open(request);
        try {
            connection.setDoOutput(true);
            connection.setChunkedStreamingMode(CHUNK);
            OutputStream out = connection.getOutputStream();
            bodyStarted.run();
            // A source that fails ends in the catch below, which drops the connection without the
            // closing chunk: the server never takes a cut-short body for a whole one.
            byte[] buffer = new byte[CHUNK];
            for (int n = data.read(buffer); n >= 0; n = data.read(buffer)) {
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    return earlyAnswer(connection).orElseThrow(() -> e);
                }
            }
            try {
                out.close();
            } catch (IOException e) {
                return earlyAnswer(connection).orElseThrow(() -> e);
            }
            return readWhole(connection);
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private HttpURLConnection open(Request request) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection(Proxy.NO_PROXY);
        connection.setRequestMethod(request.method());
        connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
        connection.setReadTimeout(request.readTimeout().map(t -> Math.toIntExact(t.toMillis())).orElse(0));
        connection.setUseCaches(false);
        // The JDK's default Accept lists image types; a proxy must not read a format wish from it.
        connection.setRequestProperty("Accept", "*/*");
        for (Map.Entry<String, String> header : request.headers()) {
            connection.addRequestProperty(header.getKey(), header.getValue());
        }
        return connection;
    }

    private static Response readWhole(HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        ResponseHeaders headers = ResponseHeaders.of(connection.getHeaderFields());
        if (isSuccess(status)) {
            try (InputStream in = connection.getInputStream()) {
                return new Response(status, headers, in.readAllBytes());
            }
        }
        return new Response(status, headers, readError(connection));
    }

    private static Optional<Response> earlyAnswer(HttpURLConnection connection) {
        try {
            return Optional.of(readWhole(connection));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] readError(HttpURLConnection connection) throws IOException {
        InputStream error = connection.getErrorStream();
        if (error == null) {
            return new byte[0];
        }
        try (error) {
            return error.readNBytes(MAX_ERROR_BODY);
        }
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

        ResponseBody(HttpURLConnection connection, ResponseHeaders headers) throws IOException {
            this.connection = connection;
            this.expected = headers.firstValue("Content-Length").map(ResponseBody::parseLength).orElse(-1L);
            this.in = connection.getInputStream();
        }

        private static long parseLength(String value) {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return -1;
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
