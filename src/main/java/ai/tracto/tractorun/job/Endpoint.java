package ai.tracto.tractorun.job;

import java.util.Objects;

/** A {@code host:port} a node can be reached at; IPv6 hosts are kept in brackets, {@code [::1]:29500}. */
public record Endpoint(String host, int port) {
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("endpoint host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint port must be within 1..65535, got " + port);
        }
    }

    /** Parses {@code host:port}; the port is after the last colon so bracketed IPv6 hosts work. */
    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("endpoint must look like host:port, got '" + text + "'");
        }
        try {
            return new Endpoint(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("endpoint must look like host:port, got '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
