package io.monocoque.internal;

/**
 * One live ZMTP connection carrying a {@link Peer}'s traffic, whatever engine drives it
 * ({@link StreamEngine} on a selector, or {@link VirtualThreadEngine}).
 *
 * <p>Threads: {@link #requestFlush()} and {@link #requestResume()} from any thread;
 * {@link #linger()} and {@link #close(String)} on the owning I/O thread, which is also where
 * {@link Owner#connectionClosed} is called.
 */
interface Connection {

    /** Told, on the I/O thread, when a connection ends, to reconnect or forget it. */
    interface Owner {
        void connectionClosed(Connection connection, String reason);
    }

    /** The peer's outbound pipe has data: write it. */
    void requestFlush();

    /** The peer's inbound pipe has room again: read on. */
    void requestResume();

    /** Flush what is queued, then close. */
    void linger();

    /** Close now. */
    void close(String reason);

    /** True once the connection completed its handshake (for RECONNECT_STOP). */
    boolean wasEstablished();

    /** What a {@link #readThrough()} did. */
    enum ReadThrough {
        /** Bytes were read and decoded into the peer's inbound pipe. */
        READ,
        /** The channel had nothing: the caller may wait for it to become readable. */
        NOTHING,
        /** Someone else reads, or this connection cannot be read through now: wait to be woken. */
        UNAVAILABLE
    }

    /**
     * The channel that a socket thread waiting for this connection's messages may watch (in a
     * selector of its own) in order to {@link #readThrough()}; null when the engine does not
     * support it.
     */
    default java.nio.channels.SelectableChannel readThroughChannel() {
        return null;
    }

    /**
     * Socket thread, socket lock released: reads what the channel holds and decodes it into the
     * peer's inbound pipe on the calling thread, when nobody else is reading, which takes the
     * I/O thread's hand-off (and its wake-up of the socket thread) off the path of a reply.
     */
    default ReadThrough readThrough() {
        return ReadThrough.UNAVAILABLE;
    }
}
