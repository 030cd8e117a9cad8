package io.monocoque.zmtp;

/**
 * How a mechanism that encrypts (CURVE) wraps each frame once the handshake is complete. A
 * message frame or a command travels inside the body of a MESSAGE command; the first plaintext
 * octet carries {@link #MORE} and {@link #COMMAND}, so PING, SUBSCRIBE and the like are
 * recognised after decryption.
 *
 * <p>Not thread-safe as a whole: the sealing side is used by the thread that writes the
 * connection, the opening side by the thread that reads it; the two share no state.
 */
public interface MessageCipher {
    /** Plaintext flag: more frames of this message follow. */
    int MORE = 0x01;
    /** Plaintext flag: the payload is a command body (name and data). */
    int COMMAND = 0x02;

    /** Octets a sealed frame body adds to its plaintext payload. */
    int overhead();

    /**
     * Seals {@code len} octets of {@code payload} into {@code out} as the body of one frame (to
     * be sent with flags 0); {@code out} needs {@code len + overhead()} octets from {@code outOff}.
     * Each call uses the next nonce, so frames must reach the wire in the order they were sealed.
     *
     * @param flags {@link #MORE} and/or {@link #COMMAND}
     */
    void seal(int flags, byte[] payload, int off, int len, byte[] out, int outOff);

    /**
     * Opens the body of a received frame.
     *
     * @return the plaintext payload; its flags are then {@link #openedFlags()}
     * @throws ZmtpProtocolException when the frame is not a MESSAGE, its nonce does not increase,
     *                               or its authenticator does not verify
     */
    byte[] open(byte[] frameBody);

    /** The {@link #MORE}/{@link #COMMAND} flags of the payload {@link #open} returned last. */
    int openedFlags();
}
