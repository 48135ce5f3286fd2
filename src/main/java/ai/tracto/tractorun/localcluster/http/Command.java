package ai.tracto.tractorun.localcluster.http;

import java.io.IOException;

/** A command's behaviour: read the call's parameters and answer it. */
@FunctionalInterface
interface Command {
    void run(Call call) throws IOException;
}
