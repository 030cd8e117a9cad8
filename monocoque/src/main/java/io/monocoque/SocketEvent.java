package io.monocoque;

/**
 * Something that happened to one of a socket's endpoints or connections, as libzmq's
 * {@code zmq_socket_monitor} reports it.
 *
 * @param type     what happened
 * @param endpoint the endpoint concerned (as bound or connected, or the bound endpoint of an
 *                 accepted connection)
 * @param detail   a human-readable detail (the failure, the retry interval, ...); may be empty
 */
public record SocketEvent(Type type, String endpoint, String detail) {

    /** Event types, named as libzmq's {@code ZMQ_EVENT_*}. */
    public enum Type {
        /** A connection to a connected endpoint is up (before the handshake). */
        CONNECTED,
        /** A connect is in progress (non-blocking). */
        CONNECT_DELAYED,
        /** A reconnect is scheduled; the detail gives the interval in ms. */
        CONNECT_RETRIED,
        /** The socket listens on a bound endpoint. */
        LISTENING,
        /** Binding failed. */
        BIND_FAILED,
        /** A connection was accepted on a bound endpoint. */
        ACCEPTED,
        /** Accepting a connection failed. */
        ACCEPT_FAILED,
        /** A bound endpoint stopped listening. */
        CLOSED,
        /** A connection ended. */
        DISCONNECTED,
        /** The ZMTP handshake completed. */
        HANDSHAKE_SUCCEEDED,
        /** The handshake failed without a protocol or authentication reason (e.g. the peer vanished). */
        HANDSHAKE_FAILED_NO_DETAIL,
        /** The handshake failed because the peer broke the protocol (bad greeting, wrong socket type, ...). */
        HANDSHAKE_FAILED_PROTOCOL,
        /** The handshake failed because the security mechanism refused the peer. */
        HANDSHAKE_FAILED_AUTH
    }
}
