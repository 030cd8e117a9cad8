package io.monocoque.internal;

import io.monocoque.SocketOption;
import io.monocoque.zmtp.PeerInfo;

/**
 * A socket's view of one peer: the outbound pipe (socket → connection) and the inbound pipe
 * (connection → socket), bounded by SNDHWM and RCVHWM.
 *
 * <p>A peer made by {@code connect()} outlives its connections: its pipes are kept while the
 * engine reconnects, so messages sent meanwhile wait for the peer, as in libzmq. A peer made by
 * an accepted connection lives as long as that connection (and until its inbound messages are
 * read).
 *
 * <p>{@link #engine} is written by the I/O thread and read by socket threads.
 */
public final class Peer implements Pipe.Listener {
    final SocketCore socket;
    /** Socket → connection. Producer: the socket (under its lock). Consumer: the I/O thread. */
    final Pipe out;
    /** Connection → socket. Producer: the I/O thread. Consumer: the socket (under its lock). */
    final Pipe in;
    final boolean persistent;
    volatile Connection engine;
    volatile PeerInfo info;
    /** Routing id as the socket knows it (ROUTER); socket lock. */
    byte[] routingId;
    /** Detached from the socket's patterns (socket lock). */
    boolean detached;
    /** Last publish round that matched this peer (PUB fan-out de-duplication); socket lock. */
    private long matchEpoch = -1;

    Peer(SocketCore socket, Options options, boolean persistent) {
        this(socket, options.getInt(SocketOption.SNDHWM), options.getInt(SocketOption.RCVHWM),
                options.getBool(SocketOption.CONFLATE), persistent);
    }

    /**
     * A peer with its own pair of pipes bounded by {@code sndhwm} / {@code rcvhwm} (0: unbounded).
     * Subscriptions travel in a SUB/XSUB's outbound pipe: that one is never bounded nor conflated.
     */
    Peer(SocketCore socket, int sndhwm, int rcvhwm, boolean conflate, boolean persistent) {
        this.socket = socket;
        this.persistent = persistent;
        boolean subscriber = PubSubWire.sendsSubscriptions(socket.type());
        this.out = new Pipe(subscriber ? 0 : sndhwm, this, conflate && !subscriber);
        this.in = new Pipe(rcvhwm, this, conflate);
    }

    /**
     * The other end of {@code twin}'s pipes, for an inproc link: this peer's outbound pipe is the
     * twin's inbound one and the other way round. The twin stays the pipes' listener; its
     * connection ({@link InprocLink}) wakes this peer's socket.
     */
    Peer(SocketCore socket, Peer twin) {
        this.socket = socket;
        this.persistent = false;
        this.out = twin.in;
        this.in = twin.out;
    }

    @Override
    public void onReadable(Pipe pipe) {
        if (pipe == in) {
            socket.wakeAll();
        } else {
            Connection e = engine;
            if (e != null) {
                e.requestFlush();
            }
        }
    }

    @Override
    public void onWritable(Pipe pipe) {
        if (pipe == in) {
            Connection e = engine;
            if (e != null) {
                e.requestResume();
            }
        } else {
            socket.wakeAll();
        }
    }

    /**
     * The peer a connection carries once its handshake completed: the connecting side's
     * persistent peer, or a new one announced to the socket. I/O side.
     */
    static Peer forHandshake(Peer preset, SocketCore socket, Options options, PeerInfo info, Connection engine) {
        Peer p = preset != null ? preset : new Peer(socket, options, false);
        p.info = info;
        p.engine = engine;
        if (preset == null) {
            socket.attachFromIo(p);
        } else {
            socket.wakeAll();
        }
        return p;
    }

    /** The connection ended. I/O thread. */
    void engineGone(Connection e) {
        if (engine == e) {
            engine = null;
        }
        if (!persistent) {
            socket.detachFromIo(this);
        }
    }

    /** Socket → connection pipe. */
    public Pipe out() {
        return out;
    }

    /** Connection → socket pipe. */
    public Pipe in() {
        return in;
    }

    /** What the handshake learned about the peer; null before the first handshake. */
    public PeerInfo info() {
        return info;
    }

    /** The routing id the socket assigned (ROUTER). Socket lock. */
    public byte[] routingId() {
        return routingId;
    }

    public void routingId(byte[] id) {
        this.routingId = id;
    }

    /**
     * Marks this peer as matched in publish round {@code epoch}.
     *
     * @return false when it was already marked in this round
     */
    public boolean markMatched(long epoch) {
        if (matchEpoch == epoch) {
            return false;
        }
        matchEpoch = epoch;
        return true;
    }

    /** True when {@link #markMatched} was called with {@code epoch}. */
    public boolean isMatched(long epoch) {
        return matchEpoch == epoch;
    }

    /** True once the peer left the socket for good. Socket lock. */
    public boolean isDetached() {
        return detached;
    }
}
