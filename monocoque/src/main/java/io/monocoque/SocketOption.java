package io.monocoque;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A typed socket option, named as libzmq's without the {@code ZMQ_} prefix.
 *
 * <p>Conventions: counts and high-water marks are {@code Integer} (0 = no limit); intervals and
 * timeouts are {@code Integer} milliseconds exactly as libzmq documents them (-1 = infinite where
 * libzmq allows it); sizes in bytes are {@code Long} for {@link #MAXMSGSIZE} (-1 = no limit) and
 * {@code Integer} for kernel buffers (-1 = OS default); flags are {@code Boolean}; ids are
 * {@code byte[]}. Every option listed here is acted on. A bad value makes
 * {@link Socket#set} throw {@link IllegalArgumentException} naming the option and the value.
 *
 * @param <T> the value type
 */
public final class SocketOption<T> {
    private static final List<SocketOption<?>> ALL = new ArrayList<>();

    /** Outbound high-water mark per peer, in messages; 0 = unlimited. Default 1000. */
    public static final SocketOption<Integer> SNDHWM = intOption("SNDHWM", 1000, v -> v >= 0, "must be >= 0");
    /** Inbound high-water mark per peer, in messages; 0 = unlimited. Default 1000. */
    public static final SocketOption<Integer> RCVHWM = intOption("RCVHWM", 1000, v -> v >= 0, "must be >= 0");
    /**
     * How long {@code close()} keeps flushing queued outbound messages, in ms: -1 = until sent,
     * 0 = discard at once. Default -1, as libzmq.
     */
    public static final SocketOption<Integer> LINGER = intOption("LINGER", -1, v -> v >= -1, "must be >= -1");
    /** This socket's routing id, sent to ROUTER peers: 1-255 bytes, not starting with 0. */
    public static final SocketOption<byte[]> ROUTING_ID = new SocketOption<>("ROUTING_ID", byte[].class, new byte[0],
            v -> v.length >= 1 && v.length <= 255 && v[0] != 0, "must be 1-255 bytes not starting with 0x00");
    /** Receive timeout in ms; -1 = block forever (default), 0 = never block. */
    public static final SocketOption<Integer> RCVTIMEO = intOption("RCVTIMEO", -1, v -> v >= -1, "must be >= -1");
    /** Send timeout in ms; -1 = block forever (default), 0 = never block. */
    public static final SocketOption<Integer> SNDTIMEO = intOption("SNDTIMEO", -1, v -> v >= -1, "must be >= -1");
    /** Initial reconnect interval in ms; -1 = never reconnect. Default 100. */
    public static final SocketOption<Integer> RECONNECT_IVL = intOption("RECONNECT_IVL", 100, v -> v >= -1, "must be >= -1");
    /** Upper bound of the exponential reconnect back-off in ms; 0 = no back-off (default). */
    public static final SocketOption<Integer> RECONNECT_IVL_MAX = intOption("RECONNECT_IVL_MAX", 0, v -> v >= 0, "must be >= 0");
    /** Largest inbound message frame accepted, in bytes; -1 = no limit (default). A larger one drops the peer. */
    public static final SocketOption<Long> MAXMSGSIZE = new SocketOption<>("MAXMSGSIZE", Long.class, -1L,
            v -> v >= -1, "must be >= -1");
    /** Queue outbound messages only to completed connections (no queueing while connecting). Default false. */
    public static final SocketOption<Boolean> IMMEDIATE = boolOption("IMMEDIATE");
    /** ROUTER: fail with EHOSTUNREACH when the routing id is unknown instead of dropping. Default false. */
    public static final SocketOption<Boolean> ROUTER_MANDATORY = boolOption("ROUTER_MANDATORY");
    /** ROUTER: a new peer with an existing routing id takes it over. Default false (the new peer gets a generated id). */
    public static final SocketOption<Boolean> ROUTER_HANDOVER = boolOption("ROUTER_HANDOVER");
    /** REQ: allow a new request before the reply arrives; the old reply is dropped. Default false. */
    public static final SocketOption<Boolean> REQ_RELAXED = boolOption("REQ_RELAXED");
    /** REQ: prefix requests with a request id and accept only the matching reply. Default false. */
    public static final SocketOption<Boolean> REQ_CORRELATE = boolOption("REQ_CORRELATE");
    /** Kernel send buffer size in bytes; -1 = OS default (default). */
    public static final SocketOption<Integer> SNDBUF = intOption("SNDBUF", -1, v -> v == -1 || v > 0, "must be -1 or > 0");
    /** Kernel receive buffer size in bytes; -1 = OS default (default). */
    public static final SocketOption<Integer> RCVBUF = intOption("RCVBUF", -1, v -> v == -1 || v > 0, "must be -1 or > 0");

    /** XPUB: deliver every subscription message to the application, not only new topics. Default false. */
    public static final SocketOption<Boolean> XPUB_VERBOSE = boolOption("XPUB_VERBOSE");
    /** XPUB: like XPUB_VERBOSE, and deliver every unsubscription too. Default false. */
    public static final SocketOption<Boolean> XPUB_VERBOSER = boolOption("XPUB_VERBOSER");
    /**
     * XPUB: subscriptions are not applied automatically; the application applies them with
     * {@code subscribe}/{@code unsubscribe} on the XPUB (to the peer that sent the last one). Default false.
     */
    public static final SocketOption<Boolean> XPUB_MANUAL = boolOption("XPUB_MANUAL");
    /** XPUB/PUB: block (or EAGAIN) when a matching subscriber is at SNDHWM instead of dropping. Default false. */
    public static final SocketOption<Boolean> XPUB_NODROP = boolOption("XPUB_NODROP");
    /** XPUB: a message sent to each new subscriber when it connects; empty = none (default). */
    public static final SocketOption<byte[]> XPUB_WELCOME_MSG = new SocketOption<>("XPUB_WELCOME_MSG", byte[].class,
            new byte[0], v -> true, "");
    /** PUB/XPUB/SUB/XSUB: deliver what does NOT match the subscriptions. Default false. */
    public static final SocketOption<Boolean> INVERT_MATCHING = boolOption("INVERT_MATCHING");

    /** Interval between ZMTP PINGs sent on each connection, in ms; 0 = no heartbeats (default). */
    public static final SocketOption<Integer> HEARTBEAT_IVL = intOption("HEARTBEAT_IVL", 0, v -> v >= 0, "must be >= 0");
    /**
     * Time-to-live announced in our PINGs, in ms (sent in tenths of a second): the peer drops the
     * connection when it hears nothing for that long; 0 = none (default). At most 6,553,500.
     */
    public static final SocketOption<Integer> HEARTBEAT_TTL = intOption("HEARTBEAT_TTL", 0,
            v -> v >= 0 && v <= 6_553_500, "must be 0..6553500 ms");
    /**
     * How long to wait for any traffic after a PING before dropping the connection, in ms;
     * -1 = HEARTBEAT_IVL (default).
     */
    public static final SocketOption<Integer> HEARTBEAT_TIMEOUT = intOption("HEARTBEAT_TIMEOUT", -1, v -> v >= -1, "must be >= -1");
    /** Longest time a connection may take to complete its ZMTP handshake, in ms; 0 = no limit. Default 30,000. */
    public static final SocketOption<Integer> HANDSHAKE_IVL = intOption("HANDSHAKE_IVL", 30_000, v -> v >= 0, "must be >= 0");

    /** Be the PLAIN server: clients must present a username and password (checked by the ZAP handler). Default false. */
    public static final SocketOption<Boolean> PLAIN_SERVER = boolOption("PLAIN_SERVER");
    /** Be a PLAIN client with this username (at most 255 bytes in UTF-8); empty = not PLAIN (default). */
    public static final SocketOption<String> PLAIN_USERNAME = new SocketOption<>("PLAIN_USERNAME", String.class, "",
            v -> v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255, "must be at most 255 bytes in UTF-8");
    /** The PLAIN client's password (at most 255 bytes in UTF-8). */
    public static final SocketOption<String> PLAIN_PASSWORD = new SocketOption<>("PLAIN_PASSWORD", String.class, "",
            v -> v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255, "must be at most 255 bytes in UTF-8");
    /**
     * Be the CURVE server (RFC 26): clients must know this socket's public key, and the context's
     * {@link ZapHandler} (if any) is asked about each client's public key. Needs
     * {@link #CURVE_SECRETKEY}. Default false.
     */
    public static final SocketOption<Boolean> CURVE_SERVER = boolOption("CURVE_SERVER");
    /**
     * This socket's long-term CURVE public key: 32 bytes, or the 40 bytes of its Z85 text (decoded
     * when set, as libzmq does). A CURVE client needs it; empty (default) = not set.
     */
    public static final SocketOption<byte[]> CURVE_PUBLICKEY = keyOption("CURVE_PUBLICKEY");
    /** This socket's long-term CURVE secret key (32 bytes or 40 Z85 bytes). Clients and servers need it. */
    public static final SocketOption<byte[]> CURVE_SECRETKEY = keyOption("CURVE_SECRETKEY");
    /**
     * The public key of the CURVE server to connect to (32 bytes or 40 Z85 bytes); setting it makes
     * this socket a CURVE client, which also needs {@link #CURVE_PUBLICKEY} and
     * {@link #CURVE_SECRETKEY}.
     */
    public static final SocketOption<byte[]> CURVE_SERVERKEY = keyOption("CURVE_SERVERKEY");
    /**
     * The ZAP domain passed to the context's {@link ZapHandler}; empty by default. On a NULL socket a
     * non-empty domain turns authentication on, as in libzmq (PLAIN and CURVE servers always ask).
     */
    public static final SocketOption<String> ZAP_DOMAIN = new SocketOption<>("ZAP_DOMAIN", String.class, "",
            v -> v.length() <= 255, "must be at most 255 characters");

    /**
     * Keep only the newest message in each peer queue, inbound and outbound (a reader always gets
     * the latest value, as libzmq's ZMQ_CONFLATE). Default false.
     */
    public static final SocketOption<Boolean> CONFLATE = boolOption("CONFLATE");

    /** TCP keepalive: -1 = OS default (default), 0 = off, 1 = on. */
    public static final SocketOption<Integer> TCP_KEEPALIVE = intOption("TCP_KEEPALIVE", -1, v -> v >= -1 && v <= 1, "must be -1, 0 or 1");
    /** Seconds of idleness before keepalive probes start; -1 = OS default. */
    public static final SocketOption<Integer> TCP_KEEPALIVE_IDLE = intOption("TCP_KEEPALIVE_IDLE", -1, v -> v == -1 || v > 0, "must be -1 or > 0");
    /** Unanswered keepalive probes before the connection is dropped; -1 = OS default. */
    public static final SocketOption<Integer> TCP_KEEPALIVE_CNT = intOption("TCP_KEEPALIVE_CNT", -1, v -> v == -1 || v > 0, "must be -1 or > 0");
    /** Seconds between keepalive probes; -1 = OS default. */
    public static final SocketOption<Integer> TCP_KEEPALIVE_INTVL = intOption("TCP_KEEPALIVE_INTVL", -1, v -> v == -1 || v > 0, "must be -1 or > 0");

    /** {@link #RECONNECT_STOP} flag: stop reconnecting when the connection is refused. */
    public static final int RECONNECT_STOP_CONN_REFUSED = 0x1;
    /** {@link #RECONNECT_STOP} flag: stop reconnecting when a handshake fails. */
    public static final int RECONNECT_STOP_HANDSHAKE_FAILED = 0x2;
    /** {@link #RECONNECT_STOP} flag: stop reconnecting once an established connection ends. */
    public static final int RECONNECT_STOP_AFTER_DISCONNECT = 0x4;
    /**
     * When a connected endpoint gives up reconnecting, as libzmq's ZMQ_RECONNECT_STOP: a bitwise
     * OR of the {@code RECONNECT_STOP_*} flags; 0 = always reconnect (default).
     */
    public static final SocketOption<Integer> RECONNECT_STOP = intOption("RECONNECT_STOP", 0, v -> v >= 0 && v <= 7,
            "must be a combination of RECONNECT_STOP_CONN_REFUSED (1), _HANDSHAKE_FAILED (2), _AFTER_DISCONNECT (4)");

    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final Predicate<T> valid;
    private final String rule;
    private final int index;
    private final UnaryOperator<T> normalize;

    private SocketOption(String name, Class<T> type, T defaultValue, Predicate<T> valid, String rule) {
        this(name, type, defaultValue, valid, rule, UnaryOperator.identity());
    }

    private SocketOption(String name, Class<T> type, T defaultValue, Predicate<T> valid, String rule,
                         UnaryOperator<T> normalize) {
        this.name = name;
        this.normalize = normalize;
        this.type = type;
        this.defaultValue = defaultValue;
        this.valid = valid;
        this.rule = rule;
        synchronized (ALL) {
            this.index = ALL.size();
            ALL.add(this);
        }
    }

    private static SocketOption<Integer> intOption(String name, int def, Predicate<Integer> valid, String rule) {
        return new SocketOption<>(name, Integer.class, def, valid, rule);
    }

    /** A CURVE key: 32 bytes, or 40 bytes of Z85 text that are decoded to 32. */
    private static SocketOption<byte[]> keyOption(String name) {
        return new SocketOption<>(name, byte[].class, new byte[0], v -> v.length == CurveKeyPair.KEY_SIZE || isZ85Key(v),
                "must be 32 bytes or 40 characters of Z85",
                v -> v.length == CurveKeyPair.KEY_SIZE ? v : Z85.decode(new String(v, java.nio.charset.StandardCharsets.US_ASCII)));
    }

    private static boolean isZ85Key(byte[] v) {
        if (v.length != 40) {
            return false;
        }
        try {
            Z85.decode(new String(v, java.nio.charset.StandardCharsets.US_ASCII));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static SocketOption<Boolean> boolOption(String name) {
        return new SocketOption<>(name, Boolean.class, Boolean.FALSE, v -> true, "");
    }

    /** Every option, in declaration order. */
    public static List<SocketOption<?>> values() {
        return Collections.unmodifiableList(ALL);
    }

    /** The option's name, as libzmq's without {@code ZMQ_}. */
    public String name() {
        return name;
    }

    /** The value type. */
    public Class<T> type() {
        return type;
    }

    /** The value a new socket has. */
    public T defaultValue() {
        return defaultValue instanceof byte[] b ? type.cast(b.clone()) : defaultValue;
    }

    /** Dense index in declaration order, for array-backed option storage. */
    public int ordinal() {
        return index;
    }

    /**
     * Checks a value.
     *
     * @return the value, copied when mutable (and decoded, for a key given as Z85 text)
     * @throws IllegalArgumentException naming the option and the value when it is not allowed
     */
    T validate(T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " cannot be null");
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(name + " takes a " + type.getSimpleName() + ", got " + value.getClass().getSimpleName());
        }
        if (!valid.test(value)) {
            throw new IllegalArgumentException(name + " = " + show(value) + " is invalid: " + rule);
        }
        return normalize.apply(value instanceof byte[] b ? type.cast(b.clone()) : value);
    }

    private static String show(Object value) {
        if (value instanceof byte[] b) {
            return b.length + " bytes";
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
