package ai.tracto.tractorun.yt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The headers of one HTTP response, looked up by name regardless of case. */
final class ResponseHeaders {
    private final Map<String, List<String>> values;

    private ResponseHeaders(Map<String, List<String>> values) {
        this.values = values;
    }

    /** From {@code HttpURLConnection#getHeaderFields()}, whose status line has the key null. */
    static ResponseHeaders of(Map<String, List<String>> fields) {
        Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        fields.forEach((name, list) -> {
            if (name != null && list != null) {
                values.put(name, List.copyOf(list));
            }
        });
        return new ResponseHeaders(values);
    }

    static ResponseHeaders none() {
        return new ResponseHeaders(Map.of());
    }

    Optional<String> firstValue(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }
}
