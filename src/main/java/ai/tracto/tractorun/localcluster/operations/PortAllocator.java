package ai.tracto.tractorun.localcluster.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Hands out free loopback ports for {@code YT_PORT_<i>}. The OS picks each port (bind to port 0);
 * ports handed out and not yet released are never handed out again, so jobs that have not bound
 * their ports yet cannot be given the same one.
 */
final class PortAllocator {
    private final Set<Integer> leased = new HashSet<>();

    synchronized List<Integer> allocate(int count) {
        List<Integer> ports = new ArrayList<>(count);
        int attempts = 0;
        while (ports.size() < count) {
            if (++attempts > count * 100 + 100) {
                release(ports);
                throw new IllegalStateException("Could not find " + count + " free loopback ports");
            }
            int port = freePort();
            if (leased.add(port)) {
                ports.add(port);
            }
        }
        return List.copyOf(ports);
    }

    synchronized void release(Collection<Integer> ports) {
        leased.removeAll(ports);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind a loopback port", e);
        }
    }
}
