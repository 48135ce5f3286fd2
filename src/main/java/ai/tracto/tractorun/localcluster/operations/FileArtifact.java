package ai.tracto.tractorun.localcluster.operations;

/** One entry of a task's {@code file_paths}: a Cypress file that appears in the sandbox under {@code fileName}. */
record FileArtifact(String cypressPath, String fileName, boolean executable) {
}
