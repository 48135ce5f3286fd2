package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.JsonNode;

/** The node types the embedded cluster stores, with their YTsaurus names. */
public enum NodeType {
    MAP_NODE("map_node"),
    DOCUMENT("document"),
    FILE("file"),
    TABLE("table"),
    LINK("link"),
    STRING_NODE("string_node"),
    INT64_NODE("int64_node"),
    UINT64_NODE("uint64_node"),
    DOUBLE_NODE("double_node"),
    BOOLEAN_NODE("boolean_node"),
    LIST_NODE("list_node");

    private final String wireName;

    NodeType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static NodeType fromWireName(String name) {
        for (NodeType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new ServerError(ErrorCodes.GENERIC, "Unsupported node type \"" + name
                + "\"; the embedded cluster creates map_node, document, file, table, link, string_node, "
                + "int64_node, uint64_node, double_node, boolean_node and list_node");
    }

    /** Nodes whose whole content is one structured value (navigated inside, not by children). */
    boolean holdsValue() {
        return this == DOCUMENT || this == STRING_NODE || this == INT64_NODE || this == UINT64_NODE
                || this == DOUBLE_NODE || this == BOOLEAN_NODE || this == LIST_NODE;
    }

    boolean holdsData() {
        return this == FILE || this == TABLE;
    }

    /** The node type {@code set} creates for a value, as YTsaurus does. */
    static NodeType forValue(JsonNode value) {
        if (value.isObject()) {
            return MAP_NODE;
        }
        if (value.isArray()) {
            return LIST_NODE;
        }
        if (value.isTextual()) {
            return STRING_NODE;
        }
        if (value.isBigInteger()) {
            return UINT64_NODE;
        }
        if (value.isIntegralNumber()) {
            return INT64_NODE;
        }
        if (value.isNumber()) {
            return DOUBLE_NODE;
        }
        if (value.isBoolean()) {
            return BOOLEAN_NODE;
        }
        return DOCUMENT;
    }
}
