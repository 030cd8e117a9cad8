package io.monocoque.interop;

import java.time.Duration;
import java.util.List;

/** A socket of another ZeroMQ implementation playing a {@link PeerSpec.Role} against Monocoque. */
interface InteropPeer extends AutoCloseable {

    /** The endpoint the peer bound (resolved, e.g. the real port) or connected to. */
    String endpoint();

    /** SINK: waits until the peer received a probe; false when none came in time. */
    boolean awaitProbe(Duration timeout) throws InterruptedException;

    /**
     * Waits for the peer's result.
     *
     * @throws AssertionError when the peer failed, reported an error, or did not finish in time
     */
    PeerResult awaitResult(Duration timeout) throws InterruptedException;

    /**
     * Replaces the peer by a fresh one with the same spec (rebinding the same port when it binds),
     * when the implementation is known to lose a handshake now and then and this peer was not
     * recreated before. Logs that it did so on System.err.
     *
     * @return false when the peer may not be recreated: the caller fails
     */
    default boolean recreate(String reason) throws InterruptedException {
        return false;
    }

    /**
     * Pub/sub roles: hands the peer a command ("go": a PUBLISH peer stops probing and sends the
     * feed; "quit": a peer holding its socket open closes it).
     */
    default void tell(String command) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes no commands");
    }

    /**
     * Pub/sub roles: waits until the peer reported at least {@code n} events called {@code name}
     * (or the time is up), and returns the data of all of them so far, in order ("" for an event
     * without data). An empty list when none came in time.
     */
    default List<String> awaitEvents(String name, int n, Duration timeout) throws InterruptedException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " reports no events");
    }

    /** Stops the peer for sure (kills a process, terminates a context). */
    @Override
    void close();

    /** Starts peers of one implementation. */
    interface Factory {
        /** Starts a peer; returns once it has bound or connected. */
        InteropPeer start(PeerSpec spec) throws InterruptedException;
    }
}
