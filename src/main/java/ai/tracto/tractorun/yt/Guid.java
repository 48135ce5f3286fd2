package ai.tracto.tractorun.yt;

import java.util.concurrent.ThreadLocalRandom;

/** YTsaurus GUIDs as the proxy writes them: four 32-bit parts in hex joined by '-'. */
final class Guid {
    private Guid() {
    }

    static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Integer.toHexString(random.nextInt()) + "-" + Integer.toHexString(random.nextInt()) + "-"
                + Integer.toHexString(random.nextInt()) + "-" + Integer.toHexString(random.nextInt());
    }
}
