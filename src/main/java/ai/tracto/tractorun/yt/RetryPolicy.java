package ai.tracto.tractorun.yt;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Jittered exponential backoff under an overall deadline. */
record RetryPolicy(Duration deadline, Duration initialBackoff, Duration maxBackoff) {
    /** The pause before attempt {@code attempt + 1}: exponential, capped, with half of it random. */
    Duration backoff(int attempt) {
        double base = initialBackoff.toMillis() * Math.pow(2, Math.min(attempt, 20));
        long capped = (long) Math.min(base, maxBackoff.toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(Math.max(1, jittered));
    }
}
