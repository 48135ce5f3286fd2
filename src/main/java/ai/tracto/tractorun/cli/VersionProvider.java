package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.Version;
import picocli.CommandLine;

/** {@code --version} of every tractorun command. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"tractorun " + Version.current()};
    }
}
