package org.modelgate.oip.internal;

import java.io.IOException;

import org.modelgate.api.InvalidInputException;
import org.modelgate.oip.RepositoryIndexRequest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads Triton's repository index request: empty, {@code {}} or {@code {"ready": true}}.
 */
public final class IndexRequestReader {
    private IndexRequestReader() {
    }

    /**
     * Reads the body.
     *
     * @param parser a parser before its first token
     * @return what to list
     * @throws IOException when the stream fails or the JSON is malformed
     */
    public static RepositoryIndexRequest read(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return RepositoryIndexRequest.ALL;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidInputException("repository index request must be a JSON object such as {\"ready\": true}, got "
                    + JsonValues.kind(token));
        }
        boolean readyOnly = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("ready".equals(field)) {
                if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                    throw new InvalidInputException("\"ready\" must be true or false, got " + JsonValues.kind(value));
                }
                readyOnly = value == JsonToken.VALUE_TRUE;
            } else {
                parser.skipChildren();
            }
        }
        RequestReader.expectEnd(parser, "repository index request");
        return new RepositoryIndexRequest(readyOnly);
    }
}
