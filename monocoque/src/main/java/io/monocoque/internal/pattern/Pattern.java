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
            case PUB -> new XPubPattern(socket, false);
            case XPUB -> new XPubPattern(socket, true);
            case SUB -> new XSubPattern(socket, false);
            case XSUB -> new XSubPattern(socket, true);
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

    /**
     * The one peer a receive can get a message from, when there is exactly one (a socket thread
     * waiting for it may then read its connection itself); null otherwise.
     */
    public Peer soleInboundPeer() {
        return null;
    }

    /**
     * {@code subscribe()} / {@code unsubscribe()} on the socket. Valid on SUB, and on XPUB with
     * XPUB_MANUAL; anywhere else it is a usage error (EINVAL), as in libzmq.
     */
    public void subscribe(byte[] prefix, boolean subscribe) {
        throw new MonocoqueException(ErrorCode.EINVAL, (subscribe ? "subscribe" : "unsubscribe") + " is not valid on a "
                + socket.type() + " socket; only SUB (and XPUB with XPUB_MANUAL) take subscriptions");
    }

    /** Messages this socket dropped because a peer was at its HWM (PUB fan-out). */
    public long droppedMessages() {
        return 0;
    }

    /** An option changed (under the lock). */
    public void optionChanged(SocketOption<?> option) {
    }

    protected final MonocoqueException notSupported(String what) {
        return new MonocoqueException(ErrorCode.ENOTSUP, what + " is not supported by a " + socket.type() + " socket");
    }
}
