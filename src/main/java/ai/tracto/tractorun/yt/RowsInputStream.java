package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.Iterator;

/** Rows as the JSON tabular format wants them (one JSON map per line), produced as the body is sent. */
final class RowsInputStream extends InputStream {
    private final Iterator<? extends JsonNode> rows;
    private byte[] chunk = new byte[0];
    private int pos;

    RowsInputStream(Iterator<? extends JsonNode> rows) {
        this.rows = rows;
    }

    private boolean fill() {
        while (pos >= chunk.length) {
            if (!rows.hasNext()) {
                return false;
            }
            JsonNode row = rows.next();
            if (row == null || !row.isObject()) {
                throw new IllegalArgumentException("table rows must be JSON objects, got " + row);
            }
            byte[] json = Json.bytes(row);
            chunk = new byte[json.length + 1];
            System.arraycopy(json, 0, chunk, 0, json.length);
            chunk[json.length] = '\n';
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() {
        return fill() ? chunk[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, buffer, off, n);
        pos += n;
        return n;
    }
}
