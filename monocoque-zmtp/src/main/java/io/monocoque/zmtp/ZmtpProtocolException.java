package io.monocoque.zmtp;

/**
 * A peer violated ZMTP, or the handshake cannot proceed. The connection it happened on must be
 * closed; nothing else is affected. {@link #kind()} says which class of failure it was, so the
 * transport can raise the right monitor event (protocol vs. authentication failure).
 */
public final class ZmtpProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Classes of failure, mapped to monitor events by the transport. */
    public enum Kind {
        /** Bytes that do not follow the grammar (bad flags, bad command, bad metadata). */
        MALFORMED,
        /** The peer speaks a ZMTP version older than 3.0. */
        UNSUPPORTED_VERSION,
        /** The peer's greeting names a different security mechanism than ours. */
        MECHANISM_MISMATCH,
        /** The peer's Socket-Type may not talk to ours (RFC 37 table). */
        INCOMPATIBLE_SOCKET_TYPE,
        /** A frame is larger than the configured maximum message size. */
        MESSAGE_TOO_LARGE,
        /** The peer sent an ERROR command. */
        PEER_ERROR,
        /** The security mechanism refused the peer's credentials. */
        AUTHENTICATION_FAILED,
        /** A CURVE box did not open (wrong key, tampered bytes) or its nonce did not increase. */
        CRYPTOGRAPHIC
    }

    private final Kind kind;

    public ZmtpProtocolException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static ZmtpProtocolException malformed(String message) {
        return new ZmtpProtocolException(Kind.MALFORMED, message);
    }
}
