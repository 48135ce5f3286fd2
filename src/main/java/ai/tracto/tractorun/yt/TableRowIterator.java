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
 */
final class TableRowIterator implements CloseableIterator<JsonNode> {
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
            next = Json.MAPPER.readTree(line);
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
