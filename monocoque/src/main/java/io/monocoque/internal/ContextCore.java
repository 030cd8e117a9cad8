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
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SocketCore s : sockets.toArray(new SocketCore[0])) {
            s.contextTerminating();
            s.close();
        }
        List<CompletableFuture<Void>> all;
        synchronized (closing) {
            all = new ArrayList<>(closing);
        }
        boolean interrupted = false;
        for (CompletableFuture<Void> f : all) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (Exception e) {
                    break;
                }
            }
        }
        for (IoThread io : ioThreads) {
            while (true) {
                try {
                    io.stop(10_000);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
