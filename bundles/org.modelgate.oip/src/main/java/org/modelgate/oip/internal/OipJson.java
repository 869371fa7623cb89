package org.modelgate.oip.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * The one Jackson factory the codec uses; factories are thread-safe and cache buffers per thread.
 */
public final class OipJson {
    /**
     * Fast number parsing and writing; non-finite floats are read from bare {@code NaN}/{@code Infinity}
     * tokens (as Python's json module writes them) and written as the strings "NaN", "Infinity",
     * "-Infinity", which stay valid JSON. Streams are never closed by the codec: the caller owns them.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private OipJson() {
    }
}
