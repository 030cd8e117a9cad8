package io.monocoque;

/**
 * Receives a socket's {@link SocketEvent}s: set with {@link Socket#monitor(SocketMonitor)}.
 *
 * <p>Called on the socket's I/O thread (LISTENING and BIND_FAILED: on the thread calling
 * {@code bind()}), in the order the events happen: it must return quickly
 * and never block (hand the event to a queue if it needs real work). An exception it throws is
 * logged and ignored. Every event is also recorded as a JFR event
 * ({@code io.monocoque.SocketEvent}) when Flight Recorder is on.
 */
@FunctionalInterface
public interface SocketMonitor {
    void onEvent(SocketEvent event);
}
