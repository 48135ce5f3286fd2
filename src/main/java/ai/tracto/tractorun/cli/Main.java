package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.Version;

/** Placeholder entry point; replaced by the picocli commands. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("tractorun " + Version.current());
    }
}
