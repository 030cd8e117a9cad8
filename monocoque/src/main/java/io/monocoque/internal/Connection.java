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
}
