package io.monocoque.internal;

/**
 * A bound {@code inproc://name} endpoint: holds the name in the context's {@link InprocRegistry}
 * and owns the bound side of every {@link InprocLink} made to it.
 */
final class InprocListener implements EndpointHandle, Connection.Owner {
    private final Endpoint endpoint;
    private final SocketCore socket;
    private final IoThread io;
    private final Options options;
    private final InprocRegistry registry;
    /** The bound ends of live links; I/O thread. */
    private final Lingerer links;
    private boolean terminated;

    InprocListener(Endpoint endpoint, SocketCore socket, IoThread io, Options options, InprocRegistry registry) {
        this.endpoint = endpoint;
        this.socket = socket;
        this.io = io;
        this.options = options;
        this.registry = registry;
        this.links = new Lingerer(io);
    }

    /** Claims the name and connects the connecters that were waiting for it. Caller's thread. */
    void open() {
        for (InprocConnecter c : registry.bind(endpoint.path(), this)) {
            c.linkTo(this);
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

    /** Takes the bound end of a new link; closes it at once when this endpoint is already gone. Any thread. */
    void adopt(InprocLink.End end) {
        links.addOrClose(end, () -> terminated, "inproc endpoint " + endpoint.text() + " unbound");
    }

    @Override
    public void connectionClosed(Connection connection, String reason) {
        links.remove(connection);
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public boolean matches(String text) {
        return text.equals(endpoint.text());
    }

    @Override
    public Peer persistentPeer() {
        return null;
    }

    /** Gives the name back to the context (a later bind may take it). Any thread. */
    void release() {
        registry.unbind(endpoint.path(), this);
    }

    @Override
    public void terminate(int lingerMillis, Runnable done) {
        terminated = true;
        release();
        links.terminate(lingerMillis, done);
    }
}
