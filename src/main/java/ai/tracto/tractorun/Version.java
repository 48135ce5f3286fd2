package ai.tracto.tractorun;

/**
 * The version of this build of tractorun. A constant rather than a resource read from the jar:
 * the first resource read opens the jar, which costs a starting JVM 15-20 ms that the launcher
 * and the bootstrap spend before anything else needs the jar. {@code VersionTest} holds it equal
 * to the project's version in the POM.
 */
public final class Version {
    private static final String CURRENT = "0.1.0";

    private Version() {}

    public static String current() {
        return CURRENT;
    }
}
