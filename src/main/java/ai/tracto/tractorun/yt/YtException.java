package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An error answered by the cluster (or made up by the client for transport failures and
 * deadlines), with the YTsaurus error tree: code, message, attributes and inner errors.
 */
public class YtException extends RuntimeException {
    public static final int GENERIC = 1;
    public static final int TIMEOUT = 3;
    public static final int TRANSPORT = 100;
    public static final int UNAVAILABLE = 105;
    public static final int REQUEST_QUEUE_SIZE_LIMIT = 108;
    public static final int CONCURRENT_TRANSACTION_LOCK_CONFLICT = 402;
    public static final int RESOLVE_ERROR = 500;
    public static final int ALREADY_EXISTS = 501;
    public static final int REQUEST_RATE_LIMIT = 904;
    public static final int NO_SUCH_TRANSACTION = 11000;

    private static final Set<Integer> RETRIABLE_CODES =
            Set.of(TIMEOUT, TRANSPORT, UNAVAILABLE, REQUEST_QUEUE_SIZE_LIMIT, REQUEST_RATE_LIMIT);

    private final int code;
    private final int httpStatus;
    private final String rawMessage;
    private final ObjectNode attributes;
    private final List<YtException> innerErrors;
    private transient Duration retryAfter;

    public YtException(int code, String message) {
        this(code, message, 0, JsonNodeFactory.instance.objectNode(), List.of(), null);
    }

    public YtException(int code, String message, int httpStatus, ObjectNode attributes,
                       List<YtException> innerErrors, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.rawMessage = message == null ? "" : message;
        this.attributes = attributes == null ? JsonNodeFactory.instance.objectNode() : attributes.deepCopy();
        this.innerErrors = List.copyOf(innerErrors);
    }

    /** Builds the error tree from YTsaurus error JSON ({@code code, message, attributes, inner_errors}). */
    public static YtException fromJson(JsonNode error, int httpStatus) {
        List<YtException> inner = new ArrayList<>();
        for (JsonNode child : error.path("inner_errors")) {
            inner.add(fromJson(child, httpStatus));
        }
        JsonNode attrs = error.path("attributes");
        return new YtException(error.path("code").asInt(GENERIC), error.path("message").asText(""),
                httpStatus, attrs.isObject() ? (ObjectNode) attrs : null, inner, null);
    }

    public int code() {
        return code;
    }

    /** HTTP status of the response that carried the error; 0 when none did. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The message of this error alone, without inner errors. */
    public String rawMessage() {
        return rawMessage;
    }

    public ObjectNode attributes() {
        return attributes.deepCopy();
    }

    public List<YtException> innerErrors() {
        return innerErrors;
    }

    /** The server's Retry-After, for the client's retry loop. */
    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    /** Whether this error or any error below it has the code (clients must search the whole tree). */
    public boolean containsCode(int code) {
        return find(code).isPresent();
    }

    /** The first error in the tree (depth first, this one included) with the code. */
    public Optional<YtException> find(int code) {
        if (this.code == code) {
            return Optional.of(this);
        }
        for (YtException inner : innerErrors) {
            Optional<YtException> found = inner.find(code);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    public boolean isResolveError() {
        return containsCode(RESOLVE_ERROR);
    }

    public boolean isAlreadyExists() {
        return containsCode(ALREADY_EXISTS);
    }

    public boolean isConcurrentTransactionLockConflict() {
        return containsCode(CONCURRENT_TRANSACTION_LOCK_CONFLICT);
    }

    public boolean isNoSuchTransaction() {
        return containsCode(NO_SUCH_TRANSACTION);
    }

    /** Overload, unavailability, transport and timeouts: worth trying again later. */
    public boolean isRetriable() {
        if (httpStatus == 503 || httpStatus == 429) {
            return true;
        }
        return RETRIABLE_CODES.stream().anyMatch(this::containsCode);
    }

    /**
     * The messages along the error tree (outer first, repeated ones dropped), the path the
     * error is about and the codes, so the message alone says what went wrong and where.
     */
    @Override
    public String getMessage() {
        Set<String> messages = new LinkedHashSet<>();
        collectMessages(this, messages);
        StringBuilder text = new StringBuilder(String.join(": ", messages));
        findAttribute("path").ifPresent(path -> {
            if (text.indexOf(path) < 0) {
                text.append(" (path ").append(path).append(')');
            }
        });
        Set<Integer> codes = new LinkedHashSet<>();
        collectCodes(this, codes);
        text.append(" [code ").append(codes.stream().map(String::valueOf)
                .reduce((a, b) -> a + ", " + b).orElse("0")).append(']');
        return text.toString();
    }

    private static void collectMessages(YtException error, Set<String> into) {
        if (!error.rawMessage.isBlank()) {
            into.add(error.rawMessage);
        }
        for (YtException inner : error.innerErrors) {
            collectMessages(inner, into);
        }
    }

    private static void collectCodes(YtException error, Set<Integer> into) {
        into.add(error.code);
        for (YtException inner : error.innerErrors) {
            collectCodes(inner, into);
        }
    }

    private Optional<String> findAttribute(String name) {
        JsonNode value = attributes.get(name);
        if (value != null && value.isTextual()) {
            return Optional.of(value.asText());
        }
        for (YtException inner : innerErrors) {
            Optional<String> found = inner.findAttribute(name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
