package ai.tracto.tractorun.localcluster;

import ai.tracto.tractorun.localcluster.operations.VanillaScheduler;
import ai.tracto.tractorun.localcluster.cypress.CypressService;
import ai.tracto.tractorun.localcluster.http.HttpFrontend;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A YTsaurus-compatible cluster on loopback: the HTTP proxy, Cypress with transactions and
 * locks, files and tables stored durably under {@code root}, and operations from the
 * configured {@link OperationService}.
 */
public final class LocalCluster implements AutoCloseable {
    private final Path root;
    private final RootLock rootLock;
    private final CypressService cypress;
    private final OperationService operations;
    private final HttpFrontend frontend;
    private boolean closed;

    private LocalCluster(Path root, RootLock rootLock, CypressService cypress, OperationService operations,
                         HttpFrontend frontend) {
        this.root = root;
        this.rootLock = rootLock;
        this.cypress = cypress;
        this.operations = operations;
        this.frontend = frontend;
    }

    /** Starts a cluster; throws {@link LocalClusterBusyException} when another one serves the root. */
    public static LocalCluster start(LocalClusterOptions options) {
        Path root = options.root().toAbsolutePath();
        RootLock rootLock = RootLock.acquire(root);
        // The HTTP server starts up on a second thread while Cypress loads its state on this one.
        CompletableFuture<HttpFrontend> binding = CompletableFuture.supplyAsync(() -> HttpFrontend.bind(options.port()),
                task -> {
                    Thread thread = new Thread(task, "local-cluster-bind");
                    thread.setDaemon(true);
                    thread.start();
                });
        CypressService cypress = null;
        OperationService operations = null;
        HttpFrontend frontend = null;
        try {
            // Transactions end inside Cypress; operations started under them must hear about it.
            AtomicReference<OperationService> listener = new AtomicReference<>();
            cypress = CypressService.open(root, id -> {
                OperationService target = listener.get();
                if (target != null) {
                    target.transactionFinished(id);
                }
            });
            CypressService files = cypress;
            operations = options.operations()
                    .orElse(VanillaScheduler::new)
                    .apply(root.resolve("operations"), files);
            listener.set(operations);
            frontend = bound(binding);
            frontend.serve(cypress, operations);
            rootLock.publish(frontend.url());
            return new LocalCluster(root, rootLock, cypress, operations, frontend);
        } catch (RuntimeException e) {
            if (frontend != null) {
                frontend.close();
            } else {
                binding.thenAccept(HttpFrontend::close);
            }
            if (operations != null) {
                operations.close();
            }
            if (cypress != null) {
                cypress.close();
            }
            rootLock.close();
            throw e;
        }
    }

    private static HttpFrontend bound(CompletableFuture<HttpFrontend> binding) {
        try {
            return binding.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public URI proxyUrl() {
        return frontend.url();
    }

    public Path root() {
        return root;
    }

    /**
     * Runs {@code listener} after every change of an operation's or a job's state (see
     * {@link OperationService#addChangeListener}): a client in this process learns when to look.
     */
    public void onOperationChange(Runnable listener) {
        operations.addChangeListener(listener);
    }

    /** Stops the server, aborts running operations and releases the root; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            frontend.close();
            operations.close();
        } finally {
            cypress.close();
            rootLock.close();
        }
    }
}
