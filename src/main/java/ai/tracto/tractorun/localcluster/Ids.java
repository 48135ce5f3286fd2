package ai.tracto.tractorun.localcluster;

import java.security.SecureRandom;

/**
 * Ids of everything the embedded cluster creates (nodes, transactions, locks, operations, jobs)
 * in the YTsaurus shape: four hexadecimal 32-bit parts joined by dashes.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String next() {
        return Integer.toHexString(RANDOM.nextInt()) + "-" + Integer.toHexString(RANDOM.nextInt()) + "-"
                + Integer.toHexString(RANDOM.nextInt()) + "-" + Integer.toHexString(RANDOM.nextInt());
    }
}
