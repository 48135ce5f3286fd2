package ai.tracto.tractorun.toolbox;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The toolbox's Jackson mapper, made when a worker first calls the toolbox rather than when the
 * endpoint starts: a mapper takes tens of milliseconds of a cold JVM, and the bootstrap starts the
 * endpoint on its way to the workers.
 */
final class ToolboxJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** For JSON in a header: header values must be ASCII; Python's json.loads reads the \\u escapes back. */
    static final ObjectWriter HEADER = MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private ToolboxJson() {}
}
