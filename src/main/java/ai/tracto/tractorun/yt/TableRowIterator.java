package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Rows of {@code read_table} parsed one line at a time. A broken connection or a row cut in
 * the middle fails loudly with a YtException: a table is never silently cut short.
 *
 * <p>A proxy that fails after streaming began reports the error in HTTP trailers, which the JDK
 * client does not expose; the request therefore asks for {@code dump_error_into_response}, and
 * the error arrives in the body between two lines of 80 '=' — it is thrown from here.
 */
final class TableRowIterator implements CloseableIterator<JsonNode> {
    static final String ERROR_DELIMITER = "=".repeat(80);
    private final BufferedReader reader;
    private final String path;
    private JsonNode next;
    private long rows;
    private boolean done;

    TableRowIterator(InputStream body, String path) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        this.path = path;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            String line;
            do {
                line = reader.readLine();
            } while (line != null && line.isBlank());
            if (line == null) {
                close();
                return false;
            }
            if (line.equals(ERROR_DELIMITER)) {
                throw dumpedError();
            }
            next = Json.read(line);
            if (!next.isObject()) {
                throw new IOException("expected a JSON map per row, got: " + line);
            }
            return true;
        } catch (IOException e) {
            close();
            throw new YtException(YtException.TRANSPORT, "read_table " + path + " broke after " + rows
                    + " rows; the result is incomplete: " + e.getMessage(), 0, null, List.of(), e);
        }
    }

    private YtException dumpedError() throws IOException {
        StringBuilder json = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null && !line.equals(ERROR_DELIMITER)) {
            json.append(line).append('\n');
        }
        close();
        YtException error = YtException.fromJson(Json.read(json.toString()), 200);
        return new YtException(error.code(), "read_table " + path + " failed after " + rows + " rows", 200, null,
                List.of(error), null);
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException("read_table " + path + " has no more rows");
        }
        JsonNode row = next;
        next = null;
        rows++;
        return row;
    }

    @Override
    public void close() {
        done = true;
        try {
            reader.close();
        } catch (IOException ignored) {
            // Closing only releases the connection; the rows already read stay valid.
        }
    }
}
