package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.launch.LaunchEnvironment;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterBusyException;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tractorun-local-cluster}: serves the embedded YTsaurus-compatible cluster until interrupted. */
@Command(name = "tractorun-local-cluster", mixinStandardHelpOptions = true,
        description = "Run the embedded YTsaurus-compatible cluster on 127.0.0.1 and print its proxy address.")
public final class LocalClusterCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port to listen on (default: any free port).")
    int port;

    @Option(names = "--root", description = "Directory holding the cluster state (default: ${DEFAULT-VALUE},"
            + " the root that tractorun --local uses).")
    Path root = LaunchEnvironment.system().localClusterRoot();

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be in 0..65535, got " + port);
        }
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(new LocalClusterOptions(root, port));
        } catch (LocalClusterBusyException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        Thread hook = new Thread(() -> {
            cluster.close();
            stop.countDown();
        }, "local-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(cluster.proxyUrl());
        out.flush();
        stop.await();
        return 0;
    }
}
