package org.modelgate.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Feature: one strict JSON reader; what it reads, and what it refuses with a message that says what and where. */
class StrictJsonTest {
    private byte[] document;
    private Object value;
    private JsonDocumentException refusal;

    @Test
    void aDocumentIsReadIntoPlainValuesInOrder() {
        givenDocument("{\"name\": \"iris\", \"labels\": [\"b\", \"a\"], \"n\": 3, \"big\": 12345678901,"
                + " \"huge\": 123456789012345678901234567890, \"p\": 0.5, \"ok\": true, \"none\": null}");
        whenRead();
        assertThat(value).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) value;
        assertThat(List.copyOf(map.keySet())).isEqualTo(List.of("name", "labels", "n", "big", "huge", "p", "ok", "none"));
        assertThat(map.get("labels")).isEqualTo(List.of("b", "a"));
        assertThat(map.get("n")).isEqualTo(3);
        assertThat(map.get("big")).isEqualTo(12345678901L);
        assertThat(map.get("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(map.get("p")).isEqualTo(0.5);
        assertThat(map.get("ok")).isEqualTo(true);
        assertThat(map.containsKey("none")).isTrue();
    }

    @Test
    void aDuplicateKeyIsRefused() {
        givenDocument("{\"version\": \"1.0.0\",\n \"version\": \"2.0.0\"}");
        whenRead();
        thenRefusedWith("duplicate key \"version\"", "line 2");
    }

    @Test
    void aDuplicateKeyIsRefusedByTheStreamingParserToo() throws Exception {
        try (JsonParser parser = StrictJson.parser("{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8))) {
            assertThatThrownBy(() -> {
                while (parser.nextToken() != null) {
                    // read to the end
                }
            }).isInstanceOfSatisfying(JsonProcessingException.class,
                    e -> assertThat(StrictJson.refused(e)).hasMessageContaining("duplicate key \"a\""));
        }
    }

    @Test
    void nestingOfTheLimitIsReadAndDeeperIsRefused() {
        givenArraysNested(StrictJson.MAX_DEPTH);
        whenRead();
        assertThat(refusal).isNull();

        givenArraysNested(StrictJson.MAX_DEPTH + 1);
        whenRead();
        thenRefusedWith("nesting depth (65) exceeds the maximum allowed (64)", "line 1 column 66");
    }

    @Test
    void aDocumentOverTheSizeLimitIsRefused() {
        givenStringDocumentOfBytes(StrictJson.MAX_DOCUMENT_BYTES + 1);
        whenRead();
        thenRefusedWith("the document is 16777217 bytes; at most 16777216 are read");
    }

    @Test
    void aStreamOverTheSizeLimitIsRefusedAsItIsRead() throws Exception {
        givenStringDocumentOfBytes(StrictJson.MAX_DOCUMENT_BYTES + 100_000);
        try (JsonParser parser = StrictJson.parser(new ByteArrayInputStream(document))) {
            assertThatThrownBy(() -> {
                while (parser.nextToken() != null) {
                    parser.getText();
                }
            }).isInstanceOfSatisfying(JsonProcessingException.class,
                    e -> assertThat(StrictJson.refused(e)).hasMessageContaining("exceeds the maximum allowed (16777216)"));
        }
    }

    @Test
    void aNumberLongerThanTheLimitIsRefused() {
        givenDocument("{\"n\": " + "9".repeat(StrictJson.MAX_NUMBER_LENGTH + 1) + "}");
        whenRead();
        thenRefusedWith("Number value length (101) exceeds the maximum allowed (100)");
    }

    @Test
    void aNumberBeyondTheRangeOfADoubleIsRefused() {
        givenDocument("{\"minMemoryMB\": 1e400}");
        whenRead();
        thenRefusedWith("the number 1e400 is beyond the range of a double", "line 1 column 17");
    }

    @Test
    void anEmptyDocumentAndContentAfterTheDocumentAreRefused() {
        givenDocument("  ");
        whenRead();
        thenRefusedWith("the document is empty");

        givenDocument("{} {}");
        whenRead();
        thenRefusedWith("unexpected content after the document", "line 1 column");
    }

    @Test
    void malformedJsonIsRefusedWithItsPosition() {
        givenDocument("{\"name\": \"iris\",\n}");
        whenRead();
        thenRefusedWith("was expecting double-quote to start field name", "line 2 column 1");
    }

    private void givenDocument(String json) {
        document = json.getBytes(StandardCharsets.UTF_8);
    }

    private void givenArraysNested(int depth) {
        givenDocument("[".repeat(depth) + "]".repeat(depth));
    }

    private void givenStringDocumentOfBytes(int size) {
        document = new byte[size];
        Arrays.fill(document, (byte) 'a');
        document[0] = '"';
        document[size - 1] = '"';
    }

    private void whenRead() {
        value = null;
        refusal = null;
        try {
            value = StrictJson.read(document);
        } catch (JsonDocumentException e) {
            refusal = e;
        }
    }

    private void thenRefusedWith(String... parts) {
        assertThat(refusal).as("refused").isNotNull();
        for (String part : parts) {
            assertThat(refusal).hasMessageContaining(part);
        }
    }
}
