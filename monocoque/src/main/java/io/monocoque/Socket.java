package io.monocoque;

import io.monocoque.internal.SocketCore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A ZeroMQ socket. Created by {@link Context#socket(SocketType)}.
 *
 * <p>Sends and receives are of whole messages and safe from several threads at once. Blocking
 * calls honour SNDTIMEO / RCVTIMEO, and wake with an exception when the socket or its context is
 * closed ({@link ErrorCode#ENOTSOCK} / {@link ErrorCode#ETERM}) or the thread is interrupted
 * ({@link ErrorCode#EINTR}, the interrupt flag stays set); the socket stays usable after an
 * interrupt.
 *
 * <p>ROUTER sockets see the peer's routing id as frame 0 of each message, and route by frame 0 of
 * each message sent. REQ and REP hide the envelope: the application sees only the body.
 */
public final class Socket implements AutoCloseable {
    private final SocketCore core;

    Socket(SocketCore core) {
        this.core = core;
    }

    /** The socket type. */
    public SocketType type() {
        return core.type();
    }

    /**
     * Binds to an endpoint: {@code tcp://host:port} ({@code *} host for every interface, port
     * {@code *} or {@code 0} for an ephemeral one) or {@code ipc://path}.
     *
     * @return the resolved endpoint, e.g. {@code tcp://127.0.0.1:40123}
     * @throws MonocoqueException EINVAL (malformed), EPROTONOSUPPORT (transport), EADDRINUSE
     */
    public String bind(String endpoint) {
        return core.bind(endpoint);
    }

    /** Connects to an endpoint; the connection is made (and remade) in the background. */
    public void connect(String endpoint) {
        core.connect(endpoint);
    }

    /** Stops listening on a bound endpoint (as written or as returned by {@link #bind}). */
    public void unbind(String endpoint) {
        core.unbind(endpoint);
    }

    /** Drops a connected endpoint. */
    public void disconnect(String endpoint) {
        core.disconnect(endpoint);
    }

    /** Sends a message, blocking per SNDTIMEO; throws EAGAIN when SNDTIMEO expires. */
    public void send(Msg msg) {
        if (!core.send(msg, timeoutNanos(core.sendTimeoutMillis()))) {
            throw new MonocoqueException(ErrorCode.EAGAIN, type() + " cannot send now: no peer has room (SNDHWM) or none is connected");
        }
    }

    /** Sends one frame. */
    public void send(byte[] frame) {
        send(Msg.of(frame));
    }

    /** Sends one UTF-8 frame. */
    public void send(String frame) {
        send(Msg.wrap(frame.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends without waiting; false when it would have to wait. */
    public boolean trySend(Msg msg) {
        return core.send(msg, 0);
    }

    /** Sends, waiting at most {@code timeout}; false when it expired. */
    public boolean send(Msg msg, Duration timeout) {
        return core.send(msg, Math.max(0, timeout.toNanos()));
    }

    /** Receives a message, blocking per RCVTIMEO; null when RCVTIMEO expires. */
    public Msg recv() {
        return core.recv(timeoutNanos(core.receiveTimeoutMillis()));
    }

    /** Receives, waiting at most {@code timeout}; null when it expired. */
    public Msg recv(Duration timeout) {
        return core.recv(Math.max(0, timeout.toNanos()));
    }

    /** Receives without waiting; null when nothing is queued. */
    public Msg tryRecv() {
        return core.recv(0);
    }

    /**
     * Subscribes to messages whose first frame starts with {@code prefix} (SUB; XPUB with
     * XPUB_MANUAL). Subscriptions count: subscribing twice needs two unsubscribes. The empty
     * prefix matches everything.
     *
     * @throws MonocoqueException EINVAL on other socket types
     */
    public void subscribe(byte[] prefix) {
        core.subscribe(prefix, true);
    }

    /** Subscribes to messages starting with the UTF-8 {@code prefix} (SUB). */
    public void subscribe(String prefix) {
        subscribe(prefix.getBytes(StandardCharsets.UTF_8));
    }

    /** Undoes one {@link #subscribe} of {@code prefix}. */
    public void unsubscribe(byte[] prefix) {
        core.subscribe(prefix, false);
    }

    /**
     * Messages this socket dropped where libzmq drops silently: a PUB/XPUB subscriber at its
     * SNDHWM, a ROUTER peer that is unknown or at its SNDHWM (without ROUTER_MANDATORY). 0 for
     * socket types that never drop.
     */
    public long droppedMessages() {
        return core.droppedMessages();
    }

    /** Undoes one {@link #subscribe(String)}. */
    public void unsubscribe(String prefix) {
        unsubscribe(prefix.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets an option; applies to later binds and connects (as libzmq) and, for timeouts and
     * socket-level flags, to later calls.
     *
     * @throws IllegalArgumentException naming the option and value when the value is invalid
     */
    public <T> void set(SocketOption<T> option, T value) {
        core.setOption(option, option.validate(value));
    }

    /**
     * Sets a {@code byte[]} option from text, as libzmq's string form: the text's UTF-8 bytes, so a
     * CURVE key option takes its 40-character Z85 text, e.g.
     * {@code set(SocketOption.CURVE_SERVERKEY, serverKeys.publicKeyZ85())}.
     *
     * @throws IllegalArgumentException naming the option and value when the value is invalid
     */
    public void set(SocketOption<byte[]> option, String text) {
        set(option, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The current value of an option. */
    public <T> T get(SocketOption<T> option) {
        return core.getOption(option);
    }

    /**
     * Sets the listener for this socket's connection and endpoint events (replacing any previous
     * one; {@code null} removes it). See {@link SocketMonitor} for the threading rules.
     */
    public void monitor(SocketMonitor listener) {
        core.monitor(listener);
    }

    /** Closes the socket; queued messages are flushed in the background for up to LINGER. */
    @Override
    public void close() {
        core.close();
    }

    private static long timeoutNanos(int millis) {
        return millis < 0 ? -1 : millis * 1_000_000L;
    }
}
