package io.monocoque;

import io.monocoque.internal.ContextCore;
import java.util.List;

/**
 * The container of sockets and the I/O threads that serve them; usually one per process.
 *
 * <pre>{@code
 * try (var ctx = new Context();
 *      var pull = ctx.socket(SocketType.PULL);
 *      var push = ctx.socket(SocketType.PUSH)) {
 *     String ep = pull.bind("tcp://127.0.0.1:*");
 *     push.connect(ep);
 *     push.send(Msg.of("hello"));
 *     Msg m = pull.recv();
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes every socket still open (calls blocked in them fail with
 * {@link ErrorCode#ETERM}), waits until each socket's queued messages are sent or its LINGER
 * expires, and stops the I/O threads. Thread-safe.
 */
public final class Context implements AutoCloseable {
    private final ContextCore core;

    /** A context with one I/O thread. */
    public Context() {
        this(1);
    }

    private Context(int ioThreads) {
        this.core = new ContextCore(ioThreads);
    }

    /** A builder for a context with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates a socket of the given type. */
    public Socket socket(SocketType type) {
        return new Socket(core.socket(type));
    }

    /** Closes every socket, honours their linger, and stops the I/O threads. Idempotent. */
    @Override
    public void close() {
        core.close();
    }

    /**
     * Sets the ZAP handler that authenticating sockets of this context consult (PLAIN servers);
     * {@code null} removes it, and then every peer is accepted, as in libzmq.
     */
    public void zapHandler(ZapHandler handler) {
        core.zapHandler(handler);
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return core.isClosed();
    }

    /** The I/O threads (for diagnostics and leak tests). */
    public List<Thread> ioThreads() {
        return core.ioThreads();
    }

    /** Settings for a {@link Context}. */
    public static final class Builder {
        private int ioThreads = 1;

        private Builder() {
        }

        /** Number of I/O threads, like ZMQ_IO_THREADS (default 1). */
        public Builder ioThreads(int n) {
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException("ioThreads = " + n + " is invalid: must be 1..64");
            }
            this.ioThreads = n;
            return this;
        }

        public Context build() {
            return new Context(ioThreads);
        }
    }
}
