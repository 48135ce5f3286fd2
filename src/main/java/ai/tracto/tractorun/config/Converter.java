package ai.tracto.tractorun.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one option value from a flag's text or from a YAML/JSON node, validating it on the way.
 * Both forms go through the same rules so a value means the same thing wherever it is written.
 */
interface Converter<T> {
    T fromText(String text, Where where);

    T fromNode(JsonNode node, Where where);
}
