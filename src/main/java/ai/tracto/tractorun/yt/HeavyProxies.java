package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data (heavy) proxies from {@code GET /hosts}, cached for a while; the light proxy stands in
 * when the list is empty or cannot be fetched (small clusters and the embedded one have none).
 */
final class HeavyProxies {
    private static final Logger LOG = LoggerFactory.getLogger(HeavyProxies.class);
    private static final Duration TTL = Duration.ofMinutes(1);
    private static final int TOP = 5;

    private final HttpTransport http;
    private final URI lightProxy;
    private final Duration requestTimeout;
    private final Clock clock;
    private List<URI> hosts = List.of();
    private Instant fetchedAt = Instant.MIN;

    HeavyProxies(HttpTransport http, URI lightProxy, Duration requestTimeout, Clock clock) {
        this.http = http;
        this.lightProxy = lightProxy;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** A proxy for a heavy command: random among the least loaded, else the light proxy. */
    synchronized URI pick() {
        if (fetchedAt.plus(TTL).isBefore(clock.instant())) {
            hosts = fetch();
            fetchedAt = clock.instant();
        }
        if (hosts.isEmpty()) {
            return lightProxy;
        }
        return hosts.get(ThreadLocalRandom.current().nextInt(Math.min(TOP, hosts.size())));
    }

    /** Forgets a proxy that failed, so the next pick goes elsewhere. */
    synchronized void ban(URI proxy) {
        if (hosts.contains(proxy)) {
            List<URI> rest = new ArrayList<>(hosts);
            rest.remove(proxy);
            hosts = List.copyOf(rest);
        }
    }

    private List<URI> fetch() {
        try {
            HttpTransport.Response response = http.exchange(new HttpTransport.Request("GET",
                    lightProxy.resolve("/hosts"), List.of(), Optional.of(requestTimeout)), null);
            if (response.status() != 200) {
                return List.of();
            }
            List<URI> result = new ArrayList<>();
            for (JsonNode host : Json.read(response.body())) {
                String address = host.asText();
                result.add(URI.create(address.contains("://") ? address : lightProxy.getScheme() + "://" + address));
            }
            return List.copyOf(result);
        } catch (IOException | RuntimeException e) {
            LOG.debug("GET /hosts failed, heavy commands go to the light proxy: {}", e.toString());
            return List.of();
        }
    }
}
