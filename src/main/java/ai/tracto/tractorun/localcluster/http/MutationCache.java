package ai.tracto.tractorun.localcluster.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Answers of recent mutations by {@code mutation_id}, so a client retrying a mutation whose
 * answer it lost ({@code retry=true}) gets the original answer instead of running it twice.
 */
final class MutationCache {
    private static final int CAPACITY = 10_000;

    /** A remembered structured answer. */
    record Answer(String contentType, byte[] body) {}

    private final Map<String, Answer> answers = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized Optional<Answer> find(String mutationId) {
        return Optional.ofNullable(answers.get(mutationId));
    }

    synchronized void remember(String mutationId, Answer answer) {
        answers.put(mutationId, answer);
    }
}
