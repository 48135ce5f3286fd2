package ai.tracto.tractorun.job;

import ai.tracto.tractorun.Version;

/** The job must run the very version of tractorun that the launcher has, or not at all. */
public final class VersionCheck {
    private VersionCheck() {}

    /** Fails unless {@code config.version()} equals this build's {@link Version#current()}. */
    public static void requireSameVersion(BootstrapConfig config) {
        requireSameVersion(config.version(), Version.current());
    }

    /**
     * Fails with a message naming both versions unless they are equal.
     *
     * @param launcherVersion the version written into bootstrap.json by the launcher
     * @param bootstrapVersion the version of the code running in the job
     */
    public static void requireSameVersion(String launcherVersion, String bootstrapVersion) {
        if (!launcherVersion.equals(bootstrapVersion)) {
            throw new BootstrapException("tractorun version mismatch: the launcher is "
                    + launcherVersion + " but the bootstrap in the job is " + bootstrapVersion
                    + "; run the job with the jar the launcher uploaded");
        }
    }
}
