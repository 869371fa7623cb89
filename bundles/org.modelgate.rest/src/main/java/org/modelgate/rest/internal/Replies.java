package org.modelgate.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InvalidInputException;
import org.modelgate.oip.OipCodec;
import org.modelgate.oip.RepositoryIndexRequest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Starts JSON replies, sends {@code {"error"}} bodies, and reads request bodies within the size limit.
 */
final class Replies {
    static final String JSON = "application/json";

    private Replies() {
    }

    /** Sets status and content type; the body follows on the output stream. */
    static void begin(HttpServletResponse response, int status) {
        response.setStatus(status);
        response.setContentType(JSON);
    }

    /** Sends {@code {"error": message}} unless the response is already on its way. */
    static void error(HttpServletResponse response, int status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        begin(response, status);
        OipCodec.writeError(message, response.getOutputStream());
    }

    /** Reads an inference request; over the limit is RequestTooLargeException, a broken body 400. */
    static InferenceRequest inferenceRequest(HttpServletRequest request, long limit) throws IOException {
        try {
            return OipCodec.readRequest(body(request, limit));
        } catch (RequestTooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Reads an inference request with its request-level parameters, as {@link #inferenceRequest}. */
    static org.modelgate.oip.OipRequest inferRequest(HttpServletRequest request, long limit) throws IOException {
        try {
            return OipCodec.readInferRequest(body(request, limit));
        } catch (RequestTooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Reads a binary request (Triton's binary tensor data extension) into one direct buffer, so the numeric inputs,
     * slices of it, go to ONNX Runtime without another copy; a chunked body (no Content-Length) into a heap buffer.
     *
     * @param headerValue the value of {@code Inference-Header-Content-Length}
     */
    static org.modelgate.oip.OipRequest binaryInferRequest(HttpServletRequest request, long limit, String headerValue)
            throws IOException {
        int headerLength = headerLength(headerValue);
        long length = request.getContentLengthLong();
        if (length >= 0 && headerLength > length) {
            throw new InvalidInputException(ModelEndpoints.BINARY_HEADER + " " + headerLength + " is larger than the body ("
                    + length + " bytes); it gives the length of the JSON header, which the tensor bytes follow");
        }
        ByteBuffer body;
        try {
            body = length >= 0 ? readDirect(request.getInputStream(), (int) length)
                    : ByteBuffer.wrap(body(request, limit).readAllBytes());
        } catch (RequestTooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(e);
        }
        return OipCodec.readInferRequest(body, headerLength);
    }

    private static int headerLength(String value) {
        try {
            int length = Integer.parseInt(value.trim());
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInputException(ModelEndpoints.BINARY_HEADER + " must be the length of the JSON header in bytes, got '"
                + value + "'");
    }

    /** Reads exactly {@code length} bytes (the Content-Length, already checked against the limit). */
    private static ByteBuffer readDirect(InputStream in, int length) throws IOException {
        ByteBuffer body = ByteBuffer.allocateDirect(length);
        byte[] chunk = new byte[Math.max(1, Math.min(length, 16 * 1024))];
        while (body.hasRemaining()) {
            int n = in.read(chunk, 0, Math.min(chunk.length, body.remaining()));
            if (n < 0) {
                throw new InvalidInputException("the body ended after " + body.position() + " of its " + length
                        + " bytes (Content-Length)");
            }
            body.put(chunk, 0, n);
        }
        return body.flip();
    }

    /** Reads a repository index request, as {@link #inferenceRequest}. */
    static RepositoryIndexRequest indexRequest(HttpServletRequest request, long limit) throws IOException {
        try {
            return OipCodec.readRepositoryIndexRequest(body(request, limit));
        } catch (RequestTooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static InputStream body(HttpServletRequest request, long limit) throws IOException {
        return new BoundedInputStream(request.getInputStream(), limit);
    }

    private static InvalidInputException unreadable(IOException e) {
        return new InvalidInputException("request body could not be read: " + e.getMessage(), e);
    }
}
