package io.monocoque.internal;

import io.monocoque.SocketOption;

/**
 * A connected {@code inproc://name} endpoint. Links at once when the name is bound, otherwise
 * waits in the context's {@link InprocRegistry} until it is; when the bound socket goes away it
 * waits again, so a later bind of the same name reconnects it, with the messages queued
 * meanwhile (the socket's persistent peer keeps them, as over tcp).
 */
final class InprocConnecter implements EndpointHandle, Connection.Owner {
    private final Endpoint endpoint;
    private final SocketCore socket;
    private final IoThread io;
    private final Options options;
    private final boolean keepsPeer;
    /** The bound endpoint of the latest link, to tell a refusal from a new bind of the name. */
    private volatile InprocListener lastListener;
    /** The persistent peer of the current or next link, or null; replaced when a link ends. */
    private volatile Peer peer;
    private final InprocRegistry registry;
    /** The connecting end of the live link (at most one); I/O thread. */
    private final Lingerer links;
    private volatile boolean terminated;

    /**
     * @param keepsPeer whether the socket queues messages while no link is up (a persistent peer,
     *                  made now and again after each link ends)
     */
    InprocConnecter(Endpoint endpoint, SocketCore socket, IoThread io, Options options, boolean keepsPeer, InprocRegistry registry) {
        this.endpoint = endpoint;
        this.socket = socket;
        this.io = io;
        this.options = options;
        this.keepsPeer = keepsPeer;
        this.registry = registry;
        this.links = new Lingerer(io);
    }

    /** Links now if the name is bound, else waits for the bind. Caller's thread. */
    void open() {
        InprocListener l = registry.lookupOrWait(endpoint.path(), this);
        if (keepsPeer && peer == null && !terminated) {
            Peer p = InprocLink.newPeer(socket, options, l == null ? null : l.options(), true);
            peer = p;
            socket.attachFromIo(p);
        }
        if (l != null) {
            linkTo(l);
        }
    }

    /**
     * Makes the link to {@code listener}. A link between socket types that may not talk is refused
     * and not retried until the name is bound again. Any thread.
     */
    void linkTo(InprocListener listener) {
        if (!terminated) {
            lastListener = listener;
            InprocLink.open(listener, this);
        }
    }

    SocketCore socket() {
        return socket;
    }

    Options options() {
        return options;
    }

    IoThread io() {
        return io;
    }

    Peer peer() {
        return peer;
    }

    String endpointText() {
        return endpoint.text();
    }

    /** Takes the connecting end of a new link. Any thread. */
    void adopt(InprocLink.End end) {
        links.addOrClose(end, () -> terminated, "inproc endpoint " + endpoint.text() + " disconnected");
    }

    @Override
    public void connectionClosed(Connection connection, String reason) {
        links.remove(connection);
        renewPeer();
        int ivl = options.getInt(SocketOption.RECONNECT_IVL);
        if (terminated || ivl < 0) {
            return;
        }
        if (registry.boundTo(endpoint.path()) == lastListener) {
            // The bound socket refused or dropped this link but still holds the name (e.g. a PAIR
            // that has a peer): try again after RECONNECT_IVL, as over tcp, not in a tight loop.
            io.schedule(Math.max(1, ivl), () -> {
                if (!terminated) {
                    open();
                }
            });
        } else {
            open(); // link to the socket bound since, or wait for the next one
        }
    }

    @Override
    public boolean isBound() {
        return false;
    }

    @Override
    public boolean matches(String text) {
        return text.equals(endpoint.text());
    }

    @Override
    public Peer persistentPeer() {
        return peer;
    }

    /**
     * A link ended: its pipes may still be read by the socket it was bound to, so the next link
     * gets new ones. The old persistent peer leaves this socket (its unread inbound messages may
     * still be read) and a new one queues what is sent until the next link. I/O thread.
     */
    private void renewPeer() {
        Peer old = peer;
        if (old == null) {
            return;
        }
        socket.detachFromIo(old);
        peer = null;
        if (!terminated) {
            Peer fresh = new Peer(socket, options, true);
            peer = fresh;
            socket.attachFromIo(fresh);
        }
    }

    @Override
    public void terminate(int lingerMillis, Runnable done) {
        terminated = true;
        registry.cancel(endpoint.path(), this);
        Peer p = peer;
        if (p != null && links.isEmpty()) {
            socket.detachFromIo(p); // a peer made after disconnect() read it
        }
        links.terminate(lingerMillis, done);
    }
}
