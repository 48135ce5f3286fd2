package ai.tracto.tractorun.localcluster.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Values rendered the way YTsaurus renders them: timestamps (and the JSON mapper the package shares). */
final class YtValues {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private YtValues() {}

    /** ISO-8601 UTC with microseconds, e.g. {@code 2024-05-01T10:00:00.123456Z}. */
    static String time(Instant instant) {
        return TIME.format(instant.truncatedTo(ChronoUnit.MICROS));
    }
}
