package io.monocoque.interop;

import io.monocoque.SocketType;

/**
 * What a peer of another implementation is to do: its socket type, whether it binds or connects
 * and where, and the role it plays in the {@link Script} or in a {@link PubSubFeed}.
 *
 * @param role what the peer does with the script or the feed
 * @param type the peer's socket type (same names in libzmq and JeroMQ)
 * @param bind true to bind {@code endpoint}, false to connect to it
 * @param endpoint where to bind (may hold a wildcard port) or connect
 * @param routingId the peer's ROUTING_ID, or null for none
 * @param envelope the peer adds an empty delimiter frame to what it sends and expects one on what
 *        it receives (a DEALER talking to a REP)
 * @param sequence the number of sequence messages in the script
 * @param feed the pub/sub feed for the SUBSCRIBE and PUBLISH roles, null for the others
 */
record PeerSpec(Role role, SocketType type, boolean bind, String endpoint, byte[] routingId, boolean envelope, int sequence,
        PubSubFeed feed) {

    /** A spec for the script roles (no feed). */
    PeerSpec(Role role, SocketType type, boolean bind, String endpoint, byte[] routingId, boolean envelope, int sequence) {
        this(role, type, bind, endpoint, routingId, envelope, sequence, null);
    }

    /** A spec for a pub/sub role: SUBSCRIBE (SUB, XSUB) or PUBLISH (PUB, XPUB) {@code feed}. */
    static PeerSpec pubSub(Role role, SocketType type, boolean bind, String endpoint, PubSubFeed feed) {
        return new PeerSpec(role, type, bind, endpoint, null, false, feed.count(), feed);
    }

    /** A peer's part in the conversation; the same names as peer.py's roles. */
    enum Role {
        /** Echo every message back as received; report the first one and the routing ids seen. */
        SERVE,
        /** Receive the script and compare it with what was expected (PULL). */
        SINK,
        /** Send a probe, then the script, and compare the echoes (none for PUSH). */
        CLIENT,
        /** Count single-frame "TAG-N" messages per tag until "END" (reconnect test). */
        TALLY,
        /**
         * SUB or XSUB: subscribe to the feed's prefixes, report the first probe (event "probe"),
         * receive until the end message and compare with the messages that should pass; with the
         * feed's {@code unsubscribe}, then unsubscribe everything (event "unsubscribed") and hold
         * the socket open.
         */
        SUBSCRIBE,
        /**
         * PUB or XPUB: publish probes until told "go", then the feed and its end message. An XPUB
         * reports every message it receives (event "subscription", data = hex) and holds its
         * socket open after the feed.
         */
        PUBLISH
    }

    /** This spec with another endpoint (a recreated peer rebinding the resolved port of the old one). */
    PeerSpec at(String newEndpoint) {
        return new PeerSpec(role, type, bind, newEndpoint, routingId, envelope, sequence, feed);
    }
}
