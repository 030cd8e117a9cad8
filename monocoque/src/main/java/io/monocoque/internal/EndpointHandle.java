package io.monocoque.internal;

/** A bound or connected endpoint of a socket, as the socket keeps it for unbind/disconnect/close. */
interface EndpointHandle {
    /** True for {@code bind()}, false for {@code connect()}. */
    boolean isBound();

    /** Whether {@code endpoint} names this one (as written, or as resolved by bind). */
    boolean matches(String endpoint);

    /** The peer that outlives reconnects, or null. */
    Peer persistentPeer();

    /**
     * Stops accepting / reconnecting and closes the connections, flushing queued messages for up
     * to {@code lingerMillis} (-1 forever, 0 not at all); runs {@code done} once all are closed.
     * I/O thread.
     */
    void terminate(int lingerMillis, Runnable done);
}
