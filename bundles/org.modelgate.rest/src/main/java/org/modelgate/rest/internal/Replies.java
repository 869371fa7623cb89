package org.modelgate.rest.internal;

import java.io.IOException;
import java.io.InputStream;

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
