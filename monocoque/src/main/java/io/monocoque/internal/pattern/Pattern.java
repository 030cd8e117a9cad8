package io.monocoque.internal.pattern;

import io.monocoque.ErrorCode;
import io.monocoque.MonocoqueException;
import io.monocoque.Msg;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import io.monocoque.internal.Peer;
import io.monocoque.internal.SocketCore;

/**
 * The behaviour of one socket type over its peers. Called only under the socket's lock, so
 * implementations are plain single-threaded code.
 *
 * <p>{@link #trySend} and {@link #tryRecv} never block: they return {@code false} / {@code null}
 * when the caller would have to wait, and the socket then calls {@link #armForSend} /
 * {@link #armForRecv} so that the pipes wake it on the next change.
 */
public abstract class Pattern {
    protected final SocketCore socket;

    protected Pattern(SocketCore socket) {
        this.socket = socket;
    }

    /** The pattern for a socket type. */
    public static Pattern create(SocketType type, SocketCore socket) {
        return switch (type) {
            case PUSH -> new PushPattern(socket);
            case PULL -> new PullPattern(socket);
            case PAIR -> new PairPattern(socket);
            case DEALER -> new DealerPattern(socket);
            case REQ -> new ReqPattern(socket);
            case REP -> new RepPattern(socket);
            case ROUTER -> new RouterPattern(socket);
            case PUB, SUB, XPUB, XSUB -> new UnsupportedPattern(socket, type);
        };
    }

    /** A peer completed its handshake (or was created by connect). */
    public abstract void attach(Peer peer);

    /** A peer is gone; its unread inbound messages may still be read. */
    public abstract void detach(Peer peer);

    /** Whether connect() should create the peer (and its queue) before the connection exists. */
    public boolean keepsPeerWhileConnecting() {
        return true;
    }

    /** Sends or returns false when it would block. May throw EFSM / EHOSTUNREACH / ENOTSUP. */
    public abstract boolean trySend(Msg msg);

    /** Receives or returns null when it would block. May throw EFSM / ENOTSUP. */
    public abstract Msg tryRecv();

    /** Arms pipes so a blocked sender is woken; true when it should retry at once. */
    public abstract boolean armForSend();

    /** Arms pipes so a blocked receiver is woken; true when it should retry at once. */
    public abstract boolean armForRecv();

    /** An option changed (under the lock). */
    public void optionChanged(SocketOption<?> option) {
    }

    protected final MonocoqueException notSupported(String what) {
        return new MonocoqueException(ErrorCode.ENOTSUP, what + " is not supported by a " + socket.type() + " socket");
    }

    /** Placeholder for the publish-subscribe family until it lands: every call says so clearly. */
    static final class UnsupportedPattern extends Pattern {
        private final SocketType type;

        UnsupportedPattern(SocketCore socket, SocketType type) {
            super(socket);
            this.type = type;
        }

        @Override
        public void attach(Peer peer) {
            socket.dropPeer(peer);
        }

        @Override
        public void detach(Peer peer) {
        }

        @Override
        public boolean trySend(Msg msg) {
            throw unsupported();
        }

        @Override
        public Msg tryRecv() {
            throw unsupported();
        }

        @Override
        public boolean armForSend() {
            return false;
        }

        @Override
        public boolean armForRecv() {
            return false;
        }

        private MonocoqueException unsupported() {
            return new MonocoqueException(ErrorCode.EPROTONOSUPPORT, type + " sockets are not implemented yet");
        }
    }
}
