package io.monocoque.zmtp;

/**
 * A ZMTP security mechanism's handshake, as a sans-IO state machine driven by
 * {@link ZmtpSession}. It sees only command bodies: the session does the framing.
 *
 * <p>Life cycle: after the greetings are exchanged the session calls {@link #start} once, then
 * {@link #onCommand} for each command the peer sends until {@link #isComplete()} is true. The
 * mechanism sends commands through the {@link CommandSink}, and ends either complete, with the
 * peer's metadata, or by throwing {@link ZmtpProtocolException}. Mechanisms that encrypt traffic
 * (CURVE) wrap every frame after the handshake with their {@link #messageCipher()}; NULL and
 * PLAIN pass frames as they are.
 *
 * <p>Not thread-safe: one instance per connection.
 */
public interface Mechanism {

    /** The mechanism name sent in the greeting, e.g. {@code "NULL"}. */
    String name();

    /** Whether this side is the server of the handshake (the greeting's as-server). */
    boolean asServer();

    /**
     * Begins the handshake.
     *
     * @param ourMetadata the properties this side announces (Socket-Type, Identity, ...)
     * @param peer        the peer's greeting (its as-server flag may matter to the mechanism)
     */
    void start(Metadata ourMetadata, Greeting peer, CommandSink out);

    /**
     * Processes one handshake command body from the peer.
     *
     * @throws ZmtpProtocolException when the command is unexpected, malformed, an ERROR, or the
     *                               peer fails authentication
     */
    void onCommand(byte[] body, CommandSink out);

    /** True once both sides have completed the handshake. */
    boolean isComplete();

    /** The peer's metadata; valid once {@link #isComplete()}. */
    Metadata peerMetadata();

    /**
     * The cipher that wraps every frame once the handshake is complete (CURVE), or {@code null}
     * when frames travel as they are (NULL, PLAIN).
     */
    default MessageCipher messageCipher() {
        return null;
    }

    /** Where a mechanism sends its handshake commands. */
    @FunctionalInterface
    interface CommandSink {
        /** Queues a command body (name and data) to be framed and sent. */
        void send(byte[] commandBody);
    }
}
