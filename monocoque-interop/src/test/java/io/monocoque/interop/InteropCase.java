package io.monocoque.interop;

import static io.monocoque.SocketType.DEALER;
import static io.monocoque.SocketType.PAIR;
import static io.monocoque.SocketType.PULL;
import static io.monocoque.SocketType.PUSH;
import static io.monocoque.SocketType.REP;
import static io.monocoque.SocketType.REQ;
import static io.monocoque.SocketType.ROUTER;

import io.monocoque.SocketType;

/**
 * One pairing of the interop matrix: Monocoque's socket type ("ours") against the peer's
 * ("theirs"). Each pattern appears with Monocoque on either side. The side that is not a server
 * (PULL, REP, ROUTER) speaks first and sends the {@link Script}; a server echoes it (PULL only
 * checks it).
 */
enum InteropCase {
    PUSH_TO_PULL(PUSH, PULL, false),
    PULL_FROM_PUSH(PULL, PUSH, false),
    PAIR_WITH_PAIR(PAIR, PAIR, false),
    REQ_TO_REP(REQ, REP, false),
    REP_FROM_REQ(REP, REQ, false),
    /** The DEALER adds and strips the empty delimiter itself, as with libzmq. */
    DEALER_TO_REP(DEALER, REP, false),
    REP_FROM_DEALER(REP, DEALER, false),
    /** The ROUTER sees [routing id, empty delimiter, body...]. */
    REQ_TO_ROUTER(REQ, ROUTER, false),
    ROUTER_FROM_REQ(ROUTER, REQ, false),
    DEALER_TO_ROUTER_WITH_ROUTING_ID(DEALER, ROUTER, true),
    ROUTER_FROM_DEALER_WITH_ROUTING_ID(ROUTER, DEALER, true),
    /** The ROUTER names the DEALER with a generated 5-byte id starting with 0x00, as libzmq. */
    DEALER_TO_ROUTER_GENERATED_ID(DEALER, ROUTER, false),
    ROUTER_FROM_DEALER_GENERATED_ID(ROUTER, DEALER, false),
    DEALER_WITH_DEALER(DEALER, DEALER, false);

    /** ROUTING_ID of a Monocoque DEALER in the explicit-id cases. */
    static final byte[] OUR_ID = Script.ascii("monocoque-dealer");
    /** ROUTING_ID of the peer's DEALER in the explicit-id cases. */
    static final byte[] THEIR_ID = Script.ascii("peer-dealer");

    final SocketType ours;
    final SocketType theirs;
    private final boolean explicitIds;

    InteropCase(SocketType ours, SocketType theirs, boolean explicitIds) {
        this.ours = ours;
        this.theirs = theirs;
        this.explicitIds = explicitIds;
    }

    /** Monocoque speaks first (sends the script); otherwise the peer does. */
    boolean weSpeakFirst() {
        return !isServer(ours);
    }

    /** Monocoque's side answers each message (REP, ROUTER) or expects answers (REQ, DEALER, PAIR). */
    boolean echoes() {
        return ours != PUSH && ours != PULL;
    }

    /** Monocoque's application writes and reads the empty delimiter: a DEALER facing a REP. */
    boolean weAddDelimiter() {
        return ours == DEALER && theirs == REP;
    }

    /** The peer writes and reads the empty delimiter itself: a DEALER facing a REP. */
    boolean theyAddDelimiter() {
        return theirs == DEALER && ours == REP;
    }

    /** A ROUTER on either side sees an empty delimiter after the routing id (the other side is REQ). */
    boolean routerSeesDelimiter() {
        return ours == REQ || theirs == REQ;
    }

    /** Monocoque's ROUTING_ID, or null. */
    byte[] ourRoutingId() {
        return explicitIds && ours == DEALER ? OUR_ID.clone() : null;
    }

    /** The peer's ROUTING_ID, or null. */
    byte[] theirRoutingId() {
        return explicitIds && theirs == DEALER ? THEIR_ID.clone() : null;
    }

    /** The routing id the ROUTER (on either side) must see, or null when it must generate one. */
    byte[] expectedRoutingId() {
        return explicitIds ? (ours == DEALER ? OUR_ID.clone() : THEIR_ID.clone()) : null;
    }

    /** The peer's role. */
    PeerSpec.Role theirRole() {
        if (!weSpeakFirst()) {
            return PeerSpec.Role.CLIENT;
        }
        return theirs == PULL ? PeerSpec.Role.SINK : PeerSpec.Role.SERVE;
    }

    private static boolean isServer(SocketType t) {
        return t == PULL || t == REP || t == ROUTER;
    }

    @Override
    public String toString() {
        return "Monocoque " + ours + (weSpeakFirst() ? " -> " : " <- ") + theirs
                + (explicitIds ? " (ROUTING_ID)" : theirs == ROUTER || ours == ROUTER ? " (generated id)" : "");
    }
}
