package org.modelgate.oip;

/**
 * The body of Triton's {@code POST /v2/repository/index}: {@code {}} or {@code {"ready": true}}.
 *
 * @param readyOnly whether to list only the models that are ready
 */
public record RepositoryIndexRequest(boolean readyOnly) {
    /** The request of an empty body or {@code {}}: every model. */
    public static final RepositoryIndexRequest ALL = new RepositoryIndexRequest(false);
}
