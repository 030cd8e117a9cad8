package io.monocoque.internal;

import io.monocoque.SocketEvent;
import io.monocoque.SocketOption;
import io.monocoque.zmtp.Greeting;
import io.monocoque.zmtp.Metadata;
import io.monocoque.zmtp.PeerInfo;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@code inproc://} connection between two sockets of one context. Both sockets share one
 * pair of {@link Pipe}s: what one socket offers, the other polls, so a message crosses with no
 * copy, no syscall and no I/O-thread hop. The I/O threads only keep the books (each socket's
 * endpoint tracks its {@link End} for linger and close).
 *
 * <p>The pipes belong to the connecting socket's {@link Peer} (its persistent peer when
 * {@code connect()} made one, so messages sent before the bind are delivered); the bound socket
 * gets a twin {@link Peer} over the same pipes. Each end's {@link Connection#requestFlush()} and
 * {@link Connection#requestResume()} wake the other socket, which is who polls and offers there.
 *
 * <p>High-water marks: each direction is bounded by the sender's SNDHWM plus the receiver's
 * RCVHWM (libzmq's inproc rule, 0 if either is 0), except for a persistent peer made while the
 * name was not bound, which keeps the connecting socket's own. A SUB/XSUB's subscriptions are
 * never bounded.
 *
 * <p>Closing either end closes the link: each socket forgets its peer (the twin's unread
 * messages may still be read), and the connecting side waits for the next bind.
 */
final class InprocLink {
    private static final Greeting GREETING = Greeting.ofVersion31("NULL", false);

    private final AtomicBoolean closed = new AtomicBoolean();
    private final End connecting;
    private final End bound;

    private InprocLink(InprocConnecter connecter, Peer connectingPeer, InprocListener listener, Peer boundPeer) {
        this.connecting = new End(connecter.io(), connecter, connectingPeer, listener.socket());
        this.bound = new End(listener.io(), listener, boundPeer, connecter.socket());
    }

    /**
     * Links {@code connecter} to {@code listener}'s socket, or refuses when their socket types may
     * not talk (as a ZMTP handshake would; both sockets get HANDSHAKE_FAILED_PROTOCOL). Any thread.
     */
    static void open(InprocListener listener, InprocConnecter connecter) {
        SocketCore a = connecter.socket();
        SocketCore b = listener.socket();
        if (!a.wireType().isCompatibleWith(b.wireType())) {
            String why = a.type() + " cannot talk to " + b.type();
            a.emit(SocketEvent.Type.HANDSHAKE_FAILED_PROTOCOL, connecter.endpointText(), why);
            b.emit(SocketEvent.Type.HANDSHAKE_FAILED_PROTOCOL, connecter.endpointText(), why);
            return;
        }
        Options ao = connecter.options();
        Options bo = listener.options();
        Peer preset = connecter.peer();
        Peer pa = preset != null ? preset : newPeer(a, ao, bo, false);
        Peer pb = new Peer(b, pa);
        InprocLink link = new InprocLink(connecter, pa, listener, pb);
        pa.info = infoOf(b, bo);
        pb.info = infoOf(a, ao);
        pa.engine = link.connecting;
        pb.engine = link.bound;
        // Both ends are adopted before either socket can see (and so drop) its peer: the close of
        // an end is then always queued after its adoption on the same I/O thread.
        listener.adopt(link.bound);
        connecter.adopt(link.connecting);
        if (preset != null) {
            a.wakeAll();
        } else {
            a.attachFromIo(pa);
        }
        b.attachFromIo(pb);
    }

    /**
     * A connecting socket's peer for a link to a socket with options {@code bound} (null when
     * nothing is bound yet: then its own high-water marks).
     */
    static Peer newPeer(SocketCore socket, Options own, Options bound, boolean persistent) {
        if (bound == null) {
            return new Peer(socket, own, persistent);
        }
        return new Peer(socket, sumHwm(own.getInt(SocketOption.SNDHWM), bound.getInt(SocketOption.RCVHWM)),
                sumHwm(bound.getInt(SocketOption.SNDHWM), own.getInt(SocketOption.RCVHWM)),
                own.getBool(SocketOption.CONFLATE) || bound.getBool(SocketOption.CONFLATE), persistent);
    }

    private static int sumHwm(int send, int receive) {
        return send == 0 || receive == 0 ? 0 : send + receive;
    }

    /** What a ZMTP handshake would have told about the socket at the other end. */
    private static PeerInfo infoOf(SocketCore other, Options otherOptions) {
        byte[] id = otherOptions.get(SocketOption.ROUTING_ID);
        Metadata.Builder md = Metadata.builder().put(Metadata.SOCKET_TYPE, other.wireType().wireName());
        if (id.length > 0) {
            md.put(Metadata.IDENTITY, id);
        }
        return new PeerInfo(GREETING, other.wireType(), id, md.build());
    }

    /** Closes both ends, each on its own I/O thread. Any thread; idempotent. */
    private void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            connecting.closed(reason);
            bound.closed(reason);
        }
    }

    /** One socket's end of the link: the connection its peer and endpoint see. */
    final class End implements Connection {
        private final IoThread io;
        private final Connection.Owner owner;
        private final Peer peer;
        private final SocketCore other;

        End(IoThread io, Connection.Owner owner, Peer peer, SocketCore other) {
            this.io = io;
            this.owner = owner;
            this.peer = peer;
            this.other = other;
        }

        /** The other socket polls what was just queued. */
        @Override
        public void requestFlush() {
            other.wakeAll();
        }

        /** The other socket may offer again. */
        @Override
        public void requestResume() {
            other.wakeAll();
        }

        /** Nothing to flush: every queued message is already in the other socket's reach. */
        @Override
        public void linger() {
            InprocLink.this.close("inproc link closed");
        }

        @Override
        public void close(String reason) {
            InprocLink.this.close(reason);
        }

        @Override
        public boolean wasEstablished() {
            return true;
        }

        private void closed(String reason) {
            io.execute(() -> {
                peer.engineGone(this);
                owner.connectionClosed(this, reason);
            });
            other.wakeAll();
        }
    }
}
