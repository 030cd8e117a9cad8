package io.monocoque.internal.pattern;

import io.monocoque.Msg;
import io.monocoque.SocketOption;
import io.monocoque.internal.MsgAccess;
import io.monocoque.internal.PubSubWire;
import io.monocoque.internal.Peer;
import io.monocoque.internal.SocketCore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * PUB and XPUB (RFC 29, libzmq's {@code xpub_t}/{@code pub_t}): each message goes once to every
 * peer with a subscription that prefixes its first frame, sharing the same {@link Msg} (no copy).
 * A peer at its SNDHWM loses that message (counted in {@link #dropped()}), the others are not
 * affected; with XPUB_NODROP the send waits (EAGAIN) instead.
 *
 * <p>Subscriptions arrive in the peers' inbound pipes as {@code 0x01}/{@code 0x00}-prefixed
 * messages (the engine turns ZMTP 3.1 SUBSCRIBE/CANCEL commands into those), and are applied in
 * {@link SubscriptionIndex}. XPUB also hands them to the application: new topics only, or all with
 * XPUB_VERBOSE; unsubscriptions when a topic's last subscriber leaves, or all with XPUB_VERBOSER.
 */
final class XPubPattern extends Pattern {
    /** Longest subscription accepted; longer ones are ignored (bounds memory per subscription). */
    static final int MAX_SUBSCRIPTION = 4096;

    private final boolean xpub;
    private final List<Peer> peers = new ArrayList<>();
    private final SubscriptionIndex<Peer> subscriptions = new SubscriptionIndex<>();
    private final ArrayDeque<Msg> notifications = new ArrayDeque<>();
    private final List<Peer> matched = new ArrayList<>();
    /** Collects the peers of the current publish round; one instance, so a send allocates nothing. */
    private final java.util.function.Consumer<Peer> collector = p -> {
        if (p.markMatched(this.epoch)) {
            matched.add(p);
        }
    };
    private final MsgAccess access = MsgAccess.get();
    private long epoch;
    private long dropped;
    private Peer lastSubscriber;
    private Peer blocked;

    XPubPattern(SocketCore socket, boolean xpub) {
        super(socket);
        this.xpub = xpub;
    }

    @Override
    public boolean keepsPeerWhileConnecting() {
        return false;
    }

    @Override
    public void attach(Peer peer) {
        peers.add(peer);
        byte[] welcome = socket.options().get(SocketOption.XPUB_WELCOME_MSG);
        if (xpub && welcome.length > 0) {
            peer.out().offer(Msg.wrap(welcome));
        }
    }

    @Override
    public void detach(Peer peer) {
        peers.remove(peer);
        if (lastSubscriber == peer) {
            lastSubscriber = null;
        }
        subscriptions.removeAll(peer, prefix -> {
            if (xpub && !socket.options().getBool(SocketOption.XPUB_MANUAL)) {
                notifications.add(PubSubWire.message(false, prefix));
            }
        });
    }

    /** Applies every subscription message waiting in the peers' inbound pipes. */
    private void processSubscriptions() {
        int n = peers.size();
        for (int i = 0; i < n; i++) {
            Peer p = peers.get(i);
            Msg m;
            while ((m = p.in().poll()) != null) {
                apply(p, m);
            }
        }
    }

    private void apply(Peer p, Msg m) {
        byte[] first = access.frame(m, 0);
        if (!PubSubWire.isSubscription(m)) {
            if (xpub) {
                notifications.add(m); // XSUB peers may send other messages upstream; XPUB delivers them
            }
            return;
        }
        if (first.length - 1 > MAX_SUBSCRIPTION) {
            return;
        }
        byte[] prefix = java.util.Arrays.copyOfRange(first, 1, first.length);
        boolean subscribe = first[0] == 1;
        lastSubscriber = p;
        boolean manual = xpub && socket.options().getBool(SocketOption.XPUB_MANUAL);
        boolean unique = false;
        if (!manual) {
            unique = subscribe ? subscriptions.add(prefix, p) : subscriptions.remove(prefix, p);
        }
        if (!xpub) {
            return;
        }
        boolean verbose = socket.options().getBool(SocketOption.XPUB_VERBOSE);
        boolean verboser = socket.options().getBool(SocketOption.XPUB_VERBOSER);
        if (manual || unique || (subscribe && (verbose || verboser)) || (!subscribe && verboser)) {
            notifications.add(m);
        }
    }

    @Override
    public boolean trySend(Msg msg) {
        processSubscriptions();
        long round = ++epoch;
        matched.clear();
        subscriptions.match(access.frame(msg, 0), collector);
        List<Peer> targets = matched;
        if (socket.options().getBool(SocketOption.INVERT_MATCHING)) {
            List<Peer> inverted = new ArrayList<>();
            for (Peer p : peers) {
                if (!p.isMatched(round)) {
                    inverted.add(p);
                }
            }
            targets = inverted;
        }
        if (socket.options().getBool(SocketOption.XPUB_NODROP)) {
            for (Peer p : targets) {
                if (!p.out().hasSpace()) {
                    blocked = p;
                    return false;
                }
            }
        }
        for (int i = 0, n = targets.size(); i < n; i++) {
            if (!targets.get(i).out().offer(msg)) {
                dropped++;
            }
        }
        return true;
    }

    @Override
    public Msg tryRecv() {
        if (!xpub) {
            throw notSupported("recv");
        }
        processSubscriptions();
        return notifications.poll();
    }

    @Override
    public boolean armForSend() {
        Peer p = blocked;
        blocked = null;
        return p == null || p.isDetached() || p.out().armForSpace();
    }

    @Override
    public boolean armForRecv() {
        if (!notifications.isEmpty()) {
            return true;
        }
        for (Peer p : peers) {
            if (p.in().armForData()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void subscribe(byte[] prefix, boolean subscribe) {
        if (!xpub || !socket.options().getBool(SocketOption.XPUB_MANUAL)) {
            super.subscribe(prefix, subscribe);
            return;
        }
        Peer p = lastSubscriber;
        if (p == null || p.isDetached()) {
            return; // libzmq: applies to the last subscriber; none is known
        }
        if (subscribe) {
            subscriptions.add(prefix, p);
        } else {
            subscriptions.remove(prefix, p);
        }
    }

    /** Messages dropped because a subscriber was at its SNDHWM. */
    @Override
    public long droppedMessages() {
        return dropped;
    }
}
