package ai.tracto.tractorun.localcluster.operations;

import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Values rendered the way YTsaurus renders them: GUIDs, timestamps and error maps. */
final class YtValues {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private YtValues() {}

    /** A GUID in YTsaurus text form: four 32-bit parts in lower-case hex joined by '-'. */
    static String newGuid() {
        return String.format("%x-%x-%x-%x", RANDOM.nextInt() >>> 1, RANDOM.nextInt() >>> 1,
                RANDOM.nextInt() >>> 1, RANDOM.nextInt() >>> 1);
    }

    /** ISO-8601 UTC with microseconds, e.g. {@code 2024-05-01T10:00:00.123456Z}. */
    static String time(Instant instant) {
        return TIME.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    static ObjectNode error(ServerError error) {
        ObjectNode node = JSON.createObjectNode();
        node.put("code", error.code());
        node.put("message", error.getMessage());
        node.set("attributes", JSON.valueToTree(error.attributes()));
        ArrayNode inner = node.putArray("inner_errors");
        for (ServerError e : error.innerErrors()) {
            inner.add(error(e));
        }
        return node;
    }
}
