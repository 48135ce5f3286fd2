package ai.tracto.tractorun.localcluster.http;

import java.util.Set;

/** A command with the parameters it understands (besides the common ones). */
record RegisteredCommand(CommandDescriptor descriptor, Set<String> parameters, Command handler) {}
