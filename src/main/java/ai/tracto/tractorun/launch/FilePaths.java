package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.BindAttributes;
import ai.tracto.tractorun.BindCypress;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Rich YPaths for a task's {@code file_paths}, in their JSON form {@code {"$value": .., "$attributes": ..}}. */
public final class FilePaths {
    private FilePaths() {}

    /** A Cypress file delivered into the sandbox under {@code fileName}. */
    public static ObjectNode file(String cypressPath, String fileName) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("$value", cypressPath);
        node.putObject("$attributes").put("file_name", fileName);
        return node;
    }

    /** A Cypress bind: delivered under its destination with the bind's YTsaurus file attributes. */
    public static ObjectNode cypressBind(BindCypress bind) {
        ObjectNode node = file(bind.source(), bind.destination());
        ObjectNode attributes = (ObjectNode) node.get("$attributes");
        BindAttributes a = bind.attributes();
        attributes.put("executable", a.executable());
        a.format().ifPresent(format -> attributes.put("format", format));
        attributes.put("bypass_artifact_cache", a.bypassArtifactCache());
        return node;
    }

    /** The file name a rich YPath is delivered under, or its path when none is given. */
    public static String fileName(JsonNode richPath) {
        JsonNode name = richPath.path("$attributes").path("file_name");
        return name.isTextual() ? name.textValue() : richPath.path("$value").asText();
    }
}
