package io.monocoque.internal;

import io.monocoque.ErrorCode;
import io.monocoque.MonocoqueException;
import io.monocoque.SocketType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a context does, behind the public {@code Context}: owns the I/O threads, creates socket
 * cores (spreading them over the I/O threads), and on close terminates every socket, waits for
 * their linger, then stops the I/O threads.
 */
public final class ContextCore {
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    private final IoThread[] ioThreads;
    private final Set<SocketCore> sockets = ConcurrentHashMap.newKeySet();
    private final List<CompletableFuture<Void>> closing = new ArrayList<>();
    private final AtomicInteger nextIo = new AtomicInteger();
    private volatile boolean closed;
    /** Set once close() has seen every socket's linger end and stopped the I/O threads. */
    private volatile boolean stopped;
    private volatile io.monocoque.ZapHandler zapHandler;
    private final InprocRegistry inproc = new InprocRegistry();
    private final ZapClient zapClient = new ZapClient(this);

    public ContextCore(int ioThreadCount) {
        int id = CONTEXTS.incrementAndGet();
        ioThreads = new IoThread[ioThreadCount];
        for (int i = 0; i < ioThreadCount; i++) {
            ioThreads[i] = new IoThread("monocoque-io-" + id + "-" + i);
        }
    }

    public SocketCore socket(SocketType type) {
        if (closed) {
            throw new MonocoqueException(ErrorCode.ETERM, "context is closed; create a new Context");
        }
        IoThread io = ioThreads[Math.floorMod(nextIo.getAndIncrement(), ioThreads.length)];
        SocketCore s = new SocketCore(type, io, this);
        sockets.add(s);
        if (closed) {
            sockets.remove(s);
            throw new MonocoqueException(ErrorCode.ETERM, "context is closed; create a new Context");
        }
        return s;
    }

    void socketClosed(SocketCore s) {
        if (sockets.remove(s)) {
            synchronized (closing) {
                closing.add(s.terminated());
            }
        }
    }

    /**
     * Closes every socket (blocked calls fail with ETERM), waits for their linger, and stops the
     * I/O threads. Idempotent.
     *
     * <p>As {@code zmq_ctx_term}, the wait can be interrupted: a thread interrupted while it waits
     * gets EINTR, the sockets go on lingering, and calling {@code close()} again waits for the rest.
     * An interrupt already pending when {@code close()} is called does not end the wait (a caller
     * that has just had EINTR from a blocked receive can still close its context in a
     * try-with-resources); it is set again on return.
     *
     * @throws MonocoqueException EINTR when interrupted while waiting
     */
    public void close() {
        if (!closed) {
            closed = true;
            for (SocketCore s : sockets.toArray(new SocketCore[0])) {
                s.contextTerminating();
                s.close();
            }
        }
        if (stopped) {
            return;
        }
        boolean pending = Thread.interrupted();
        try {
            awaitLingerAndStop();
            stopped = true;
        } catch (InterruptedException e) {
            throw new MonocoqueException(ErrorCode.EINTR,
                    "interrupted while sockets linger; the context keeps closing, call close() again to wait for it");
        } finally {
            if (pending) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitLingerAndStop() throws InterruptedException {
        List<CompletableFuture<Void>> all;
        synchronized (closing) {
            all = new ArrayList<>(closing);
        }
        for (CompletableFuture<Void> f : all) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // a socket that failed to terminate cleanly is gone all the same
            }
        }
        for (IoThread io : ioThreads) {
            io.stop(10_000);
        }
    }

    /** Sets the ZAP handler consulted by authenticating sockets (null: accept everyone). */
    public void zapHandler(io.monocoque.ZapHandler handler) {
        this.zapHandler = handler;
    }

    io.monocoque.ZapHandler zapHandler() {
        return zapHandler;
    }

    /** Asks a handler socket bound to {@code inproc://zeromq.zap.01}, when there is one. */
    ZapClient zapClient() {
        return zapClient;
    }

    /** The context's inproc names. */
    InprocRegistry inproc() {
        return inproc;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The I/O threads, for tests that check none is left running. */
    public List<Thread> ioThreads() {
        List<Thread> list = new ArrayList<>();
        for (IoThread io : ioThreads) {
            list.add(io.thread());
        }
        return list;
    }
}
