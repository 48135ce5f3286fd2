package ai.tracto.tractorun.localcluster.cypress;

import java.security.SecureRandom;

/** Object ids in the YTsaurus shape: four hexadecimal 32-bit parts joined by dashes. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    static String next() {
        return Integer.toHexString(RANDOM.nextInt()) + "-" + Integer.toHexString(RANDOM.nextInt()) + "-"
                + Integer.toHexString(RANDOM.nextInt()) + "-" + Integer.toHexString(RANDOM.nextInt());
    }
}
