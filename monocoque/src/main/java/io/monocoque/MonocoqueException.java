package io.monocoque;

/**
 * A socket operation failed. {@link #code()} names the failure like libzmq's errno, and the
 * message says what to do about it.
 */
public class MonocoqueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public MonocoqueException(ErrorCode code, String message) {
        super(message + " (" + code + ")");
        this.code = code;
    }

    public MonocoqueException(ErrorCode code, String message, Throwable cause) {
        super(message + " (" + code + ")", cause);
        this.code = code;
    }

    /** The libzmq-style error code. */
    public ErrorCode code() {
        return code;
    }
}
