package io.monocoque;

/** Error codes of {@link MonocoqueException}, named like libzmq's errno values. */
public enum ErrorCode {
    /** The operation would block (non-blocking call, or a timeout expired). */
    EAGAIN,
    /** The operation is not valid in the socket's current state (e.g. REQ sending twice). */
    EFSM,
    /** ROUTER_MANDATORY: no peer with that routing id. */
    EHOSTUNREACH,
    /** The context was closed. */
    ETERM,
    /** The socket was closed. */
    ENOTSOCK,
    /** An invalid argument, e.g. a malformed endpoint. */
    EINVAL,
    /** The address is already in use. */
    EADDRINUSE,
    /** The address cannot be assigned (e.g. no such interface). */
    EADDRNOTAVAIL,
    /** The transport is not supported. */
    EPROTONOSUPPORT,
    /** The operation is not supported by this socket type. */
    ENOTSUP,
    /** The message is too large. */
    EMSGSIZE,
    /** A blocking call was interrupted ({@link Thread#interrupt()}). */
    EINTR,
    /** The endpoint was not bound / connected on this socket. */
    ENOENT,
    /** An I/O failure outside the cases above. */
    EIO
}
