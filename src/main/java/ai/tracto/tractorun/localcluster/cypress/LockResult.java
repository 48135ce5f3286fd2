package ai.tracto.tractorun.localcluster.cypress;

/** What the {@code lock} command answers. */
public record LockResult(String lockId, String nodeId) {}
