package io.monocoque;

/** The ZeroMQ socket types, with libzmq's semantics (RFC 28, 29, 30, 31). */
public enum SocketType {
    /** Exclusive pair: one peer, both directions (RFC 31). */
    PAIR,
    /** Publisher: fans each message out to matching subscribers (RFC 29). */
    PUB,
    /** Subscriber (RFC 29). */
    SUB,
    /** Request: strict send/receive alternation, load-balanced (RFC 28). */
    REQ,
    /** Reply: fair-queues requests, answers the requester (RFC 28). */
    REP,
    /** Dealer: round-robin out, fair-queue in, raw frames (RFC 28). */
    DEALER,
    /** Router: addresses peers by routing id, frame 0 (RFC 28). */
    ROUTER,
    /** Pull: fair-queues from pushers (RFC 30). */
    PULL,
    /** Push: round-robin to pullers (RFC 30). */
    PUSH,
    /** Extended publisher: delivers subscriptions to the application (RFC 29). */
    XPUB,
    /** Extended subscriber: subscriptions sent as messages (RFC 29). */
    XSUB
}
