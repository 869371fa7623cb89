package org.modelgate.audit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.modelgate.audit.AuditEntry;
import org.modelgate.json.StrictJson;

/**
 * The canonical JSON line of an entry and its hash.
 *
 * <p>Keys in a fixed order ({@code seq, time, actor, action, subject, details, prev, hash}), details
 * sorted by key, no spaces, Jackson's default escaping, UTF-8. The hash covers the line without its
 * {@code hash} field. A line is accepted only if writing the parsed entry again gives the very same
 * bytes, so any edit, even one that keeps the meaning (an escaped letter, a space), is caught.
 */
final class EntryCodec {
    /** Writes lines; they are read with {@link StrictJson}'s settings (duplicate keys refused, limits). */
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] KEYS = {"seq", "time", "actor", "action", "subject", "details", "prev", "hash"};

    private EntryCodec() {
    }

    /** The entry with its hash filled in. */
    static AuditEntry seal(long sequence, Instant time, String actor, String action, String subject,
            Map<String, String> details, String previousHash) {
        AuditEntry draft = new AuditEntry(sequence, time, actor, action, subject, details, previousHash, "");
        return withHash(draft, EntryHash.sha256(write(draft, false)));
    }

    /** The line as stored, without the newline. */
    static byte[] line(AuditEntry entry) {
        return write(entry, true);
    }

    /** The hash the entry should carry, computed from its content. */
    static String expectedHash(AuditEntry entry) {
        return EntryHash.sha256(write(entry, false));
    }

    /**
     * Reads one line (without its newline).
     *
     * @throws MalformedEntryException if it is not exactly a canonical entry line
     */
    static AuditEntry parse(byte[] bytes, int offset, int length) throws MalformedEntryException {
        AuditEntry entry;
        try (JsonParser parser = StrictJson.parser(bytes, offset, length)) {
            entry = read(parser);
        } catch (IOException e) {
            throw new MalformedEntryException("not JSON: " + firstLine(e.getMessage()));
        }
        byte[] canonical = line(entry);
        if (!Arrays.equals(canonical, 0, canonical.length, bytes, offset, offset + length)) {
            throw new MalformedEntryException("not in canonical form (spacing, escaping or number format changed)");
        }
        return entry;
    }

    private static AuditEntry read(JsonParser parser) throws IOException, MalformedEntryException {
        expect(parser.nextToken() == JsonToken.START_OBJECT, "does not start with '{'");
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String key : KEYS) {
            expect(parser.nextToken() == JsonToken.FIELD_NAME, "ends before field '" + key + "'");
            expect(key.equals(parser.currentName()), "field '" + key + "' expected, found '" + parser.currentName() + "'");
            JsonToken value = parser.nextToken();
            if (key.equals("seq")) {
                expect(value == JsonToken.VALUE_NUMBER_INT, "'seq' is not an integer");
                fields.put(key, parser.getLongValue());
            } else if (key.equals("details")) {
                expect(value == JsonToken.START_OBJECT, "'details' is not an object");
                fields.put(key, readDetails(parser));
            } else {
                expect(value == JsonToken.VALUE_STRING, "'" + key + "' is not a string");
                fields.put(key, parser.getText());
            }
        }
        expect(parser.nextToken() == JsonToken.END_OBJECT, "has fields after 'hash'");
        expect(parser.nextToken() == null, "has text after the object");
        Instant time;
        try {
            time = Instant.parse((String) fields.get("time"));
        } catch (DateTimeParseException e) {
            throw new MalformedEntryException("'time' is not an ISO-8601 instant: " + fields.get("time"));
        }
        @SuppressWarnings("unchecked")
        Map<String, String> details = (Map<String, String>) fields.get("details");
        return new AuditEntry((Long) fields.get("seq"), time, (String) fields.get("actor"), (String) fields.get("action"),
                (String) fields.get("subject"), details, (String) fields.get("prev"), (String) fields.get("hash"));
    }

    private static Map<String, String> readDetails(JsonParser parser) throws IOException, MalformedEntryException {
        Map<String, String> details = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            expect(parser.nextToken() == JsonToken.VALUE_STRING, "detail '" + key + "' is not a string");
            details.put(key, parser.getText());
        }
        return details;
    }

    private static byte[] write(AuditEntry entry, boolean withHash) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeNumberField("seq", entry.sequence());
            json.writeStringField("time", entry.time().toString());
            json.writeStringField("actor", entry.actor());
            json.writeStringField("action", entry.action());
            json.writeStringField("subject", entry.subject());
            json.writeObjectFieldStart("details");
            for (Map.Entry<String, String> detail : entry.details().entrySet()) {
                json.writeStringField(detail.getKey(), detail.getValue());
            }
            json.writeEndObject();
            json.writeStringField("prev", entry.previousHash());
            if (withHash) {
                json.writeStringField("hash", entry.hash());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static AuditEntry withHash(AuditEntry e, String hash) {
        return new AuditEntry(e.sequence(), e.time(), e.actor(), e.action(), e.subject(), e.details(), e.previousHash(), hash);
    }

    private static void expect(boolean condition, String problem) throws MalformedEntryException {
        if (!condition) {
            throw new MalformedEntryException(problem);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
