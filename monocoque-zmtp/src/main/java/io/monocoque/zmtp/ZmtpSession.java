package io.monocoque.zmtp;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One ZMTP connection as a state machine: GREETING → HANDSHAKE → ACTIVE (→ CLOSED on error).
 * A transport feeds received bytes to {@link #receive} and drains bytes to send from
 * {@link #drainOutput}; the session reports the handshake result, message frames and commands to
 * its {@link Listener}. It never reads a clock: heartbeat timing belongs to the transport.
 *
 * <pre>
 *  start() ──▶ GREETING ──peer greeting ok──▶ HANDSHAKE ──mechanism complete,
 *                  │                               │        socket types compatible──▶ ACTIVE
 *                  └──────── protocol error ───────┴──────────────────────────────────▶ CLOSED
 * </pre>
 *
 * <p>In ACTIVE, a PING is answered with a PONG (queued on the output) and still reported, so the
 * transport can honour its TTL. Message frames are written by the transport straight into its
 * own buffer with {@link #encodeMessageFrame}; the session's output queue carries only the
 * greeting and commands, which are rare.
 *
 * <p>With an encrypting mechanism (CURVE) every frame after the handshake travels sealed by the
 * mechanism's {@link MessageCipher}: received frames are opened here (a sealed command is
 * recognised by its plaintext flag), commands queued after the handshake are sealed when they are
 * drained, and message frames are sealed by {@link #encodeMessageFrame} or by a transport using
 * {@link #messageCipher()}. Sealing order is wire order, so a transport must not drain commands
 * while it is in the middle of writing a sealed message, nor seal a message before the commands
 * queued ahead of it are drained.
 *
 * <p>Not thread-safe: one instance per connection, used by one thread at a time.
 */
public final class ZmtpSession {

    /** Where the connection is in its life. */
    public enum Phase { GREETING, HANDSHAKE, ACTIVE, CLOSED }

    /** Limit on any frame before the handshake completes, so an unauthenticated peer cannot make us allocate much. */
    public static final int HANDSHAKE_FRAME_LIMIT = 64 * 1024;

    /** Receives what the session decodes. Called on the thread that calls {@link #receive}. */
    public interface Listener {
        /** The handshake completed; traffic may flow. */
        void onHandshakeComplete(PeerInfo peer);

        /**
         * A message frame.
         *
         * @param flags {@link FrameFlags#MORE} when more frames of the message follow
         * @param body  the frame body, owned by the callee
         * @return {@code false} to stop decoding after this frame (the receiver is full)
         */
        boolean onMessageFrame(int flags, byte[] body);

        /**
         * A command received after the handshake (PING has been answered already).
         *
         * @return {@code false} to stop decoding after this command (the receiver is full)
         */
        boolean onCommand(Command command);
    }

    /**
     * How this side of the connection presents itself.
     *
     * @param socketType     our socket type, sent as Socket-Type and checked against the peer's
     * @param identity       our routing id, sent as Identity when non-empty (may be {@code null})
     * @param mechanism      the security mechanism, fresh for this connection
     * @param maxMessageSize largest frame accepted, negative for no limit; during the handshake
     *                       the limit is the smaller of this and {@link #HANDSHAKE_FRAME_LIMIT} (as in
     *                       libzmq, MAXMSGSIZE applies to handshake commands too)
     */
    public record Config(ZmtpSocketType socketType, byte[] identity, Mechanism mechanism, long maxMessageSize) {
        public Config {
            if (identity != null && identity.length > 255) {
                throw new IllegalArgumentException("identity must be at most 255 bytes, got " + identity.length);
            }
        }
    }

    private final Config config;
    private final Listener listener;
    private final GreetingDecoder greetingDecoder = new GreetingDecoder();
    private final FrameDecoder frameDecoder;
    private final ArrayDeque<byte[]> output = new ArrayDeque<>();
    /** Command bodies queued after the handshake of an encrypting mechanism, sealed when drained. */
    private final ArrayDeque<byte[]> unsealed = new ArrayDeque<>();
    private MessageCipher cipher;
    private final FrameHandler frameHandler = this::onFrame;
    private int outputHeadOffset;
    private Phase phase = Phase.GREETING;
    private boolean started;
    private Greeting peerGreeting;
    private PeerInfo peer;

    public ZmtpSession(Config config, Listener listener) {
        this.config = config;
        this.listener = listener;
        this.frameDecoder = new FrameDecoder(Math.min(HANDSHAKE_FRAME_LIMIT, unlimitedAsMax(config.maxMessageSize())));
    }

    private static long unlimitedAsMax(long max) {
        return max < 0 ? Long.MAX_VALUE : max;
    }

    /** Queues our greeting. Call once, before anything else. */
    public void start() {
        if (started) {
            throw new IllegalStateException("session already started");
        }
        started = true;
        Mechanism m = config.mechanism();
        output.add(Greeting.ofVersion31(m.name(), m.asServer()).toBytes());
    }

    public Phase phase() {
        return phase;
    }

    /** The peer, once the handshake is complete; otherwise {@code null}. */
    public PeerInfo peer() {
        return peer;
    }

    /**
     * Consumes received bytes. Stops early only when the listener asks to pause; the rest of
     * {@code in} is then left unconsumed for the next call.
     *
     * @throws ZmtpProtocolException when the peer breaks the protocol; the session is then
     *                               CLOSED, and its output may still hold an ERROR command worth
     *                               sending before the connection is closed
     */
    public void receive(ByteBuffer in) {
        if (!started) {
            throw new IllegalStateException("start() the session before receive()");
        }
        try {
            if (phase == Phase.GREETING) {
                Greeting g = greetingDecoder.decode(in);
                if (g == null) {
                    return;
                }
                onGreeting(g);
            }
            if (phase == Phase.HANDSHAKE || phase == Phase.ACTIVE) {
                frameDecoder.decode(in, frameHandler);
            }
        } catch (ZmtpProtocolException e) {
            phase = Phase.CLOSED;
            throw e;
        }
    }

    /** True when bytes are waiting to be drained. */
    public boolean hasOutput() {
        return !output.isEmpty() || !unsealed.isEmpty();
    }

    /** The cipher that seals message frames after the handshake, or null when they travel in clear. */
    public MessageCipher messageCipher() {
        return cipher;
    }

    /**
     * Copies as many queued bytes (greeting, commands) as fit into {@code dst}.
     *
     * @return number of bytes copied
     */
    public int drainOutput(ByteBuffer dst) {
        int copied = 0;
        while (dst.hasRemaining()) {
            if (output.isEmpty()) {
                byte[] command = unsealed.poll();
                if (command == null) {
                    break;
                }
                output.add(sealedFrame(MessageCipher.COMMAND, command));
            }
            byte[] head = output.peek();
            int n = Math.min(head.length - outputHeadOffset, dst.remaining());
            dst.put(head, outputHeadOffset, n);
            copied += n;
            outputHeadOffset += n;
            if (outputHeadOffset == head.length) {
                output.poll();
                outputHeadOffset = 0;
            }
        }
        return copied;
    }

    /** Queues a command (SUBSCRIBE, CANCEL, PING, ...) for sending. Only in ACTIVE. */
    public void sendCommand(Command command) {
        if (phase != Phase.ACTIVE) {
            throw new IllegalStateException("commands can be sent only after the handshake, phase is " + phase);
        }
        if (cipher != null) {
            unsealed.add(command.toBody());
        } else {
            output.add(command.toFrame());
        }
    }

    /** Encoded size of a message frame with a body of {@code bodySize} octets (sealed, if encrypting). */
    public long messageFrameSize(int bodySize) {
        return FrameEncoder.frameSize(cipher == null ? bodySize : (long) bodySize + cipher.overhead());
    }

    /**
     * Writes one message frame into {@code dst}, which must have {@link #messageFrameSize}
     * bytes remaining. Not the hot path of a transport: it allocates when sealing.
     */
    public void encodeMessageFrame(ByteBuffer dst, boolean more, byte[] body) {
        if (cipher == null) {
            FrameEncoder.writeFrame(dst, more ? FrameFlags.MORE : 0, body);
        } else {
            dst.put(sealedFrame(more ? MessageCipher.MORE : 0, body));
        }
    }

    /** A whole frame (header and MESSAGE body) sealing {@code payload}; sent with frame flags 0, as libzmq does. */
    private byte[] sealedFrame(int flags, byte[] payload) {
        int bodySize = payload.length + cipher.overhead();
        int header = FrameEncoder.headerSize(bodySize);
        byte[] frame = new byte[header + bodySize];
        ByteBuffer h = ByteBuffer.wrap(frame);
        FrameEncoder.writeHeader(h, 0, bodySize);
        cipher.seal(flags, payload, 0, payload.length, frame, header);
        return frame;
    }

    private void onGreeting(Greeting g) {
        Mechanism m = config.mechanism();
        if (!g.mechanism().equals(m.name())) {
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.MECHANISM_MISMATCH,
                    "peer uses security mechanism " + g.mechanism() + ", this socket uses " + m.name());
        }
        peerGreeting = g;
        phase = Phase.HANDSHAKE;
        m.start(ourMetadata(), g, this::queueCommand);
        checkHandshakeDone();
    }

    private Metadata ourMetadata() {
        Metadata.Builder b = Metadata.builder().put(Metadata.SOCKET_TYPE, config.socketType().wireName());
        byte[] id = config.identity();
        if (id != null && id.length > 0 && (config.socketType() == ZmtpSocketType.REQ
                || config.socketType() == ZmtpSocketType.DEALER || config.socketType() == ZmtpSocketType.ROUTER)) {
            b.put(Metadata.IDENTITY, id);
        }
        return b.build();
    }

    private void queueCommand(byte[] body) {
        output.add(FrameEncoder.frame(FrameFlags.COMMAND, body));
    }

    private boolean onFrame(int flags, byte[] body) {
        if (phase == Phase.HANDSHAKE) {
            if (!FrameFlags.isCommand(flags)) {
                throw ZmtpProtocolException.malformed("message frame received before the handshake completed");
            }
            config.mechanism().onCommand(body, this::queueCommand);
            checkHandshakeDone();
            return true;
        }
        if (cipher != null) {
            // libzmq sends MESSAGE with frame flags 0; the frame's own flags carry nothing.
            byte[] payload = cipher.open(body);
            int opened = cipher.openedFlags();
            if ((opened & MessageCipher.COMMAND) != 0) {
                return onTrafficCommand(Command.parse(payload));
            }
            return listener.onMessageFrame(opened & FrameFlags.MORE, payload);
        }
        if (!FrameFlags.isCommand(flags)) {
            return listener.onMessageFrame(flags & FrameFlags.MORE, body);
        }
        return onTrafficCommand(Command.parse(body));
    }

    private boolean onTrafficCommand(Command c) {
        switch (c) {
            case Command.Ping ping -> sendCommand(new Command.Pong(ping.context()));
            case Command.Error error -> throw new ZmtpProtocolException(ZmtpProtocolException.Kind.PEER_ERROR,
                    "peer sent ERROR: " + error.reason());
            case Command.Ready ready -> throw ZmtpProtocolException.malformed("READY received after the handshake");
            default -> {
            }
        }
        return listener.onCommand(c);
    }

    private void checkHandshakeDone() {
        Mechanism m = config.mechanism();
        if (!m.isComplete()) {
            return;
        }
        Metadata md = m.peerMetadata();
        String type = md.getString(Metadata.SOCKET_TYPE);
        if (type == null) {
            refuse(ZmtpProtocolException.Kind.MALFORMED, "peer's metadata has no Socket-Type");
        }
        ZmtpSocketType peerType = ZmtpSocketType.fromWireName(type);
        if (peerType == null || !config.socketType().isCompatibleWith(peerType)) {
            refuse(ZmtpProtocolException.Kind.INCOMPATIBLE_SOCKET_TYPE,
                    "peer socket type " + type + " cannot talk to " + config.socketType().wireName());
        }
        byte[] id = md.get(Metadata.IDENTITY);
        peer = new PeerInfo(peerGreeting, peerType, id == null ? new byte[0] : id, md);
        phase = Phase.ACTIVE;
        cipher = m.messageCipher();
        long max = config.maxMessageSize();
        // MAXMSGSIZE limits what the application receives, so a sealed frame may be larger by the seal.
        frameDecoder.setMaxFrameSize(cipher != null && max >= 0 ? max + cipher.overhead() : max);
        listener.onHandshakeComplete(peer);
    }

    private void refuse(ZmtpProtocolException.Kind kind, String reason) {
        output.add(new Command.Error(kind == ZmtpProtocolException.Kind.INCOMPATIBLE_SOCKET_TYPE
                ? "Invalid socket type" : reason).toFrame());
        throw new ZmtpProtocolException(kind, reason);
    }
}
