package org.modelgate.learn.secagg;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The byte layout every message shares: a version byte, a type byte, then fields, each variable-length field
 * prefixed by its length (big-endian). A reader refuses anything it does not expect with a
 * {@link MalformedMessageException} naming the message and the field.
 */
final class Wire {
    static final byte VERSION = 1;
    static final byte KEY_ADVERT = 1;
    static final byte KEY_ADVERT_LIST = 2;
    static final byte ENCRYPTED_SHARE = 3;
    static final byte ENCRYPTED_SHARE_LIST = 4;
    static final byte MASKED_INPUT = 5;
    static final byte UNMASK_REQUEST = 6;
    static final byte UNMASK_RESPONSE = 7;

    /** Client ids and round ids: at most this many UTF-8 bytes. */
    static final int MAX_ID_BYTES = 256;
    /** Any single field or nested message: at most 64 MiB. */
    static final int MAX_FIELD_BYTES = 64 << 20;

    private Wire() {
    }

    static Writer writer(byte type) {
        return new Writer(type);
    }

    static Reader reader(byte[] bytes, byte type, String message) {
        return new Reader(bytes, type, message);
    }

    /** Checks a client id as every message and constructor needs it. */
    static String checkId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw new IllegalArgumentException(what + " '" + id.substring(0, 32) + "...' is longer than "
                + MAX_ID_BYTES + " UTF-8 bytes");
        }
        return id;
    }

    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        private Writer(byte type) {
            out.write(VERSION);
            out.write(type);
        }

        Writer u8(int value) {
            out.write(value);
            return this;
        }

        Writer i32(int value) {
            out.write(value >>> 24);
            out.write(value >>> 16);
            out.write(value >>> 8);
            out.write(value);
            return this;
        }

        Writer string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.write(utf8.length >>> 8);
            out.write(utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        Writer bytes(byte[] value) {
            i32(value.length);
            out.writeBytes(value);
            return this;
        }

        Writer raw(byte[] value) {
            out.writeBytes(value);
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    static final class Reader {
        private final ByteBuffer in;
        private final String message;

        private Reader(byte[] bytes, byte type, String message) {
            this.message = message;
            if (bytes == null) {
                throw new MalformedMessageException(message + ": no bytes (null)");
            }
            this.in = ByteBuffer.wrap(bytes);
            int version = u8("version");
            if (version != VERSION) {
                throw new MalformedMessageException(message + ": wire version " + version + " is not supported (this "
                    + "side reads version " + VERSION + "); update both sides to the same Modelgate release");
            }
            int actual = u8("type");
            if (actual != type) {
                throw new MalformedMessageException(message + ": type tag " + actual + " is " + typeName(actual)
                    + ", expected " + typeName(type));
            }
        }

        int u8(String field) {
            need(1, field);
            return in.get() & 0xff;
        }

        int i32(String field) {
            need(4, field);
            return in.getInt();
        }

        int count(String field, int max) {
            int count = i32(field);
            if (count < 0 || count > max) {
                throw malformed(field + " count " + count + " is outside 0.." + max);
            }
            return count;
        }

        String string(String field) {
            need(2, field);
            int length = in.getShort() & 0xffff;
            if (length == 0 || length > MAX_ID_BYTES) {
                throw malformed(field + " has length " + length + ", expected 1.." + MAX_ID_BYTES);
            }
            need(length, field);
            byte[] utf8 = new byte[length];
            in.get(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        byte[] bytes(String field, int max) {
            int length = i32(field + " length");
            if (length < 0 || length > max) {
                throw malformed(field + " has length " + length + ", expected 0.." + max);
            }
            return raw(field, length);
        }

        byte[] raw(String field, int length) {
            need(length, field);
            byte[] value = new byte[length];
            in.get(value);
            return value;
        }

        void end() {
            if (in.hasRemaining()) {
                throw malformed(in.remaining() + " trailing bytes after the last field");
            }
        }

        MalformedMessageException malformed(String detail) {
            return new MalformedMessageException(message + ": " + detail);
        }

        private void need(int length, String field) {
            if (in.remaining() < length) {
                throw malformed("truncated in " + field + " at byte " + in.position() + " (needs " + length
                    + ", has " + in.remaining() + ")");
            }
        }
    }

    private static String typeName(int type) {
        switch (type) {
            case KEY_ADVERT: return "KeyAdvert";
            case KEY_ADVERT_LIST: return "KeyAdvert list";
            case ENCRYPTED_SHARE: return "EncryptedShare";
            case ENCRYPTED_SHARE_LIST: return "EncryptedShare list";
            case MASKED_INPUT: return "MaskedInput";
            case UNMASK_REQUEST: return "UnmaskRequest";
            case UNMASK_RESPONSE: return "UnmaskResponse";
            default: return "unknown";
        }
    }
}
