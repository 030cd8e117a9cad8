package io.monocoque.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * Tracks the live connections of one endpoint and, on terminate, lets each flush for the linger
 * period before closing it, then runs the completion action once. I/O thread only.
 */
final class Lingerer {
    private final IoThread io;
    private final Set<Connection> engines = new HashSet<>();
    private Runnable onAllClosed;
    private IoThread.Timer deadline;

    Lingerer(IoThread io) {
        this.io = io;
    }

    void add(Connection engine) {
        engines.add(engine);
    }

    /**
     * Adds {@code engine} on the I/O thread, or closes it there with {@code reason} when its
     * endpoint is {@code gone} by then. Any thread.
     */
    void addOrClose(Connection engine, java.util.function.BooleanSupplier gone, String reason) {
        io.execute(() -> {
            if (gone.getAsBoolean()) {
                engine.close(reason);
            } else {
                add(engine);
            }
        });
    }

    /** An engine closed; completes termination when it was the last. */
    void remove(Connection engine) {
        engines.remove(engine);
        maybeDone();
    }

    boolean terminating() {
        return onAllClosed != null;
    }

    void terminate(int lingerMillis, Runnable done) {
        onAllClosed = done;
        if (lingerMillis == 0) {
            closeAll("socket closed, linger 0");
        } else {
            if (lingerMillis > 0) {
                deadline = io.schedule(lingerMillis, () -> closeAll("linger expired"));
            }
            for (Connection e : engines.toArray(new Connection[0])) {
                e.linger();
            }
        }
        maybeDone();
    }

    private void closeAll(String reason) {
        for (Connection e : engines.toArray(new Connection[0])) {
            e.close(reason);
        }
    }

    boolean isEmpty() {
        return engines.isEmpty();
    }

    private void maybeDone() {
        if (onAllClosed != null && engines.isEmpty()) {
            if (deadline != null) {
                deadline.cancel();
            }
            Runnable r = onAllClosed;
            onAllClosed = () -> { };
            r.run();
        }
    }
}
