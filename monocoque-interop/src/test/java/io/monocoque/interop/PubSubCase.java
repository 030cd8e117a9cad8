package io.monocoque.interop;

import io.monocoque.SocketType;

/**
 * One pub/sub pairing of the interop matrix: Monocoque's socket type ("ours") against the
 * peer's ("theirs"), and the peer's role. Every case carries a {@link PubSubFeed} from the
 * publisher to the subscriber and checks that exactly the passing messages arrive, in order.
 */
enum PubSubCase {
    /** The peer's SUB filters too: what arrives is what both sides let through. */
    PUB_TO_SUB(SocketType.PUB, SocketType.SUB),
    /**
     * An XSUB does not filter (libzmq, JeroMQ): what arrives is what Monocoque's PUB chose to send
     * on the subscriptions it received, so this checks the publisher's filtering on its own.
     */
    PUB_TO_XSUB(SocketType.PUB, SocketType.XSUB),
    /** Monocoque's SUB sends its subscriptions; the peer's PUB filters by them. */
    SUB_FROM_PUB(SocketType.SUB, SocketType.PUB),
    /**
     * Monocoque's XPUB receives the SUB's subscribe (0x01+prefix) and, after the feed, unsubscribe
     * (0x00+prefix) messages, while the SUB stays connected.
     */
    XPUB_TO_SUB(SocketType.XPUB, SocketType.SUB),
    /**
     * Monocoque's XSUB sends 0x01+prefix messages, which the peer's XPUB reports; it receives
     * the feed, then sends 0x00+prefix messages, which the XPUB reports too.
     */
    XSUB_FROM_XPUB(SocketType.XSUB, SocketType.XPUB);

    final SocketType ours;
    final SocketType theirs;

    PubSubCase(SocketType ours, SocketType theirs) {
        this.ours = ours;
        this.theirs = theirs;
    }

    /** Monocoque publishes; the peer subscribes. */
    boolean wePublish() {
        return ours == SocketType.PUB || ours == SocketType.XPUB;
    }

    PeerSpec.Role theirRole() {
        return wePublish() ? PeerSpec.Role.SUBSCRIBE : PeerSpec.Role.PUBLISH;
    }

    @Override
    public String toString() {
        return "Monocoque " + ours + (wePublish() ? " -> " : " <- ") + theirs;
    }
}
