package ai.tracto.tractorun.localcluster.cypress;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Flags and attributes of a {@code create} command. */
public record CreateRequest(String type, boolean recursive, boolean ignoreExisting, boolean force, ObjectNode attributes) {}
