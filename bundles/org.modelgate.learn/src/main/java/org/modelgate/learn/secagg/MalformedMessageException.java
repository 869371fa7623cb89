package org.modelgate.learn.secagg;

/**
 * The bytes given to a message's {@code fromBytes} are not a message of that type: wrong version or type tag,
 * truncated, oversized, trailing bytes, or a field out of its range. The message names the message type and the
 * offending field.
 */
public class MalformedMessageException extends SecAggException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which message and field are malformed
     */
    public MalformedMessageException(String message) {
        super(message);
    }
}
