package ai.tracto.tractorun.cli;

import picocli.CommandLine;

/** Entry point of {@code tractorun-local-cluster}. */
public final class LocalClusterMain {
    private LocalClusterMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalClusterCommand()).execute(args));
    }
}
