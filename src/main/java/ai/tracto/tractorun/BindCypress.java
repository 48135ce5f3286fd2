package ai.tracto.tractorun;

import java.util.Objects;

/**
 * A Cypress file or map node delivered into the job's sandbox.
 *
 * @param source      a Cypress path ({@code //...})
 * @param destination where it appears in the job, absolute or relative to the working directory
 * @param attributes  YTsaurus file attributes for the delivery
 */
public record BindCypress(String source, String destination, BindAttributes attributes) {
    public BindCypress {
        BindLocal.requireNonEmpty(source, "bind_cypress.source");
        BindLocal.requireNonEmpty(destination, "bind_cypress.destination");
        if (!source.startsWith("//")) {
            throw new TractorunConfigException("bind_cypress.source", source,
                    "a Cypress path starting with //");
        }
        Objects.requireNonNull(attributes, "attributes");
    }

    /** A bind with YTsaurus's default file attributes. */
    public BindCypress(String source, String destination) {
        this(source, destination, BindAttributes.defaults());
    }
}
