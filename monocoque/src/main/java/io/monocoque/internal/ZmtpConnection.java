package io.monocoque.internal;

import io.monocoque.Msg;
import io.monocoque.SocketEvent;
import io.monocoque.SocketOption;
import io.monocoque.zmtp.Command;
import io.monocoque.zmtp.PeerInfo;
import io.monocoque.zmtp.ZmtpProtocolException;
import io.monocoque.zmtp.ZmtpSession;

/**
 * What every engine does with a {@link ZmtpSession}'s events, whatever drives its I/O: it binds
 * the {@link Peer} when the handshake completes, assembles message frames into {@link Msg}s and
 * hands them (and received subscriptions) to the peer's inbound pipe, and keeps the one message
 * that found the pipe full until there is room again.
 *
 * <p>Subclasses say what to do on those transitions ({@link #handshakeCompleted()},
 * {@link #inboundFull()}, {@link #outputPending()}) and own the channel.
 */
abstract class ZmtpConnection implements Connection, ZmtpSession.Listener {
    protected final SocketCore socket;
    protected final Options options;
    protected final Connection.Owner owner;
    /** Peer given at construction: the connecting side keeps its pipes across reconnects. */
    protected final Peer presetPeer;
    protected final ZmtpSession session;
    protected final MessageAssembler assembler = new MessageAssembler();
    protected final MessageEncoder encoder = new MessageEncoder();
    /** The endpoint this connection belongs to, for monitor events. */
    protected final String endpoint;
    private boolean handshakeFailureReported;
    /** Set once the handshake completes; read by the writing thread. */
    protected volatile Peer peer;
    private Msg stalled;
    /** Message frames received so far (the engine sizes its reads by bytes per frame). */
    protected long framesIn;

    ZmtpConnection(SocketCore socket, Options options, Connection.Owner owner, Peer presetPeer, String endpoint) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.options = options;
        this.owner = owner;
        this.presetPeer = presetPeer;
        this.session = new ZmtpSession(new ZmtpSession.Config(socket.wireType(), options.get(SocketOption.ROUTING_ID),
                Mechanisms.create(options, socket.context(), this::peerAddress),
                options.getLong(SocketOption.MAXMSGSIZE)), this);
    }

    @Override
    public final void onHandshakeComplete(PeerInfo info) {
        encoder.subscriptionCommands(PubSubWire.sendsSubscriptions(socket.type()) && info.isZmtp31());
        encoder.cipher(session.messageCipher());
        assembler.properties(properties(info));
        peer = Peer.forHandshake(presetPeer, socket, options, info, this);
        socket.emit(SocketEvent.Type.HANDSHAKE_SUCCEEDED, endpoint, info.socketType().wireName());
        handshakeCompleted();
    }

    @Override
    public final boolean onMessageFrame(int flags, byte[] body) {
        framesIn++;
        Msg msg = assembler.add(flags, body);
        return msg == null || deliver(msg);
    }

    @Override
    public final boolean onCommand(Command command) {
        if (command instanceof Command.Ping ping) {
            peerPinged(ping);
        }
        if (session.hasOutput()) {
            outputPending(); // a PONG to send
        }
        Msg subscription = PubSubWire.toMessage(socket.type(), command);
        return subscription == null || deliver(subscription);
    }

    private boolean deliver(Msg msg) {
        if (peer.in.offerOrArm(msg)) {
            return true;
        }
        stalled = msg;
        inboundFull();
        return false;
    }

    /** Retries the message that found the inbound pipe full; true when none is waiting any more. */
    protected final boolean retryStalled() {
        if (stalled == null) {
            return true;
        }
        if (peer.in.offerOrArm(stalled)) {
            stalled = null;
            return true;
        }
        return false;
    }

    /** Forgets what the connection had half-received or half-sent (it is gone). */
    protected final void resetTraffic() {
        stalled = null;
        assembler.reset();
        encoder.reset();
    }

    @Override
    public boolean wasEstablished() {
        return peer != null;
    }

    /** A protocol error ended the connection: reported as a handshake failure if it happened there. */
    protected final void reportProtocolError(ZmtpProtocolException e) {
        if (peer == null && !handshakeFailureReported) {
            handshakeFailureReported = true;
            SocketEvent.Type type = e.kind() == ZmtpProtocolException.Kind.AUTHENTICATION_FAILED
                    ? SocketEvent.Type.HANDSHAKE_FAILED_AUTH : SocketEvent.Type.HANDSHAKE_FAILED_PROTOCOL;
            socket.emit(type, endpoint, e.getMessage());
        }
    }

    /**
     * The connection is closed: reports a handshake that never completed (unless the socket itself
     * closed it) and the disconnection.
     */
    protected final void reportClosed(String reason, boolean bySocket) {
        if (peer == null && !handshakeFailureReported && !bySocket) {
            handshakeFailureReported = true;
            socket.emit(SocketEvent.Type.HANDSHAKE_FAILED_NO_DETAIL, endpoint, reason);
        }
        socket.emit(SocketEvent.Type.DISCONNECTED, endpoint, reason);
    }

    /** The connection's properties as {@link Msg#property} exposes them. */
    private java.util.Map<String, String> properties(PeerInfo info) {
        java.util.Map<String, String> props = new java.util.LinkedHashMap<>();
        for (io.monocoque.zmtp.Metadata.Property p : info.metadata().properties()) {
            props.put(p.name(), p.stringValue());
        }
        props.put("Peer-Address", peerAddress());
        return java.util.Collections.unmodifiableMap(props);
    }

    /** The remote address, e.g. {@code 127.0.0.1} for tcp, the path for ipc. */
    protected abstract String peerAddress();

    /** The Peer-Address of a connected channel: the IP for tcp, the socket's address otherwise. */
    protected static String addressOf(java.nio.channels.SocketChannel channel) {
        try {
            java.net.SocketAddress a = channel.getRemoteAddress();
            if (a instanceof java.net.InetSocketAddress inet) {
                return inet.getAddress().getHostAddress();
            }
            return a == null ? "" : String.valueOf(a);
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    /** The peer is bound: start writing what may be queued for it. */
    protected abstract void handshakeCompleted();

    /** The inbound pipe is full and armed: stop decoding until {@link #requestResume()}. */
    protected abstract void inboundFull();

    /** The session has bytes to send (e.g. a PONG). */
    protected abstract void outputPending();

    /** The peer sent a PING (its TTL may matter to the engine's heartbeat). */
    protected void peerPinged(Command.Ping ping) {
    }
}
