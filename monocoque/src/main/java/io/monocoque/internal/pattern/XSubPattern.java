package io.monocoque.internal.pattern;

import io.monocoque.Msg;
import io.monocoque.SocketOption;
import io.monocoque.internal.MsgAccess;
import io.monocoque.internal.PubSubWire;
import io.monocoque.internal.Peer;
import io.monocoque.internal.SocketCore;
import java.util.ArrayList;
import java.util.List;

/**
 * SUB and XSUB (RFC 29, libzmq's {@code sub_t}/{@code xsub_t}): fair-queues messages from
 * publishers. A SUB keeps only those whose first frame a subscription prefixes (publishers filter
 * too; this catches what they sent before a CANCEL arrived), or with INVERT_MATCHING only those
 * none prefixes; an XSUB delivers everything, as libzmq's does, so forwarders and XPUB_MANUAL
 * publishers work. Subscriptions are sent to every
 * connected peer and to every future one, so they survive reconnects (each connection is a new
 * {@link Peer} that is sent the whole set on attach).
 *
 * <p>SUB subscribes through {@code subscribe()}; XSUB through sending {@code 0x01}/{@code 0x00}
 * messages, and forwards any other message it is given upstream to all peers.
 */
final class XSubPattern extends Pattern {
    private static final Object SELF = new Object();

    private final boolean xsub;
    private final FairQueue fq = new FairQueue();
    private final List<Peer> peers = new ArrayList<>();
    private final SubscriptionIndex<Object> subscriptions = new SubscriptionIndex<>();
    private final MsgAccess access = MsgAccess.get();

    XSubPattern(SocketCore socket, boolean xsub) {
        super(socket);
        this.xsub = xsub;
    }

    @Override
    public boolean keepsPeerWhileConnecting() {
        return false;
    }

    @Override
    public void attach(Peer peer) {
        peers.add(peer);
        fq.attach(peer);
        // Each subscription is re-sent as many times as it was made, so the publisher's counts match.
        for (byte[] prefix : subscriptions.prefixes()) {
            Msg m = PubSubWire.message(true, prefix);
            for (int i = subscriptions.count(prefix, SELF); i > 0; i--) {
                peer.out().offer(m);
            }
        }
    }

    @Override
    public void detach(Peer peer) {
        peers.remove(peer);
        fq.detach(peer);
    }

    @Override
    public boolean trySend(Msg msg) {
        if (!xsub) {
            throw notSupported("send");
        }
        byte[] first = access.frame(msg, 0);
        if (PubSubWire.isSubscription(msg)) {
            byte[] prefix = java.util.Arrays.copyOfRange(first, 1, first.length);
            if (first[0] == 1) {
                subscriptions.add(prefix, SELF);
            } else if (subscriptions.count(prefix, SELF) == 0) {
                return true; // cancelling what was never subscribed: nothing to forward
            } else {
                subscriptions.remove(prefix, SELF);
            }
        }
        for (Peer p : peers) {
            p.out().offer(msg);
        }
        return true;
    }

    @Override
    public void subscribe(byte[] prefix, boolean subscribe) {
        if (xsub) {
            super.subscribe(prefix, subscribe);
            return;
        }
        if (subscribe) {
            subscriptions.add(prefix, SELF);
        } else if (subscriptions.count(prefix, SELF) > 0) {
            subscriptions.remove(prefix, SELF);
        } else {
            return;
        }
        Msg m = PubSubWire.message(subscribe, prefix);
        for (Peer p : peers) {
            p.out().offer(m);
        }
    }

    @Override
    public Msg tryRecv() {
        if (xsub) {
            return fq.recv();
        }
        boolean invert = socket.options().getBool(SocketOption.INVERT_MATCHING);
        while (true) {
            Msg m = fq.recv();
            if (m == null) {
                return null;
            }
            boolean match = subscriptions.matchesAny(access.frame(m, 0));
            if (match != invert) {
                return m;
            }
        }
    }

    @Override
    public boolean armForSend() {
        return true;
    }

    @Override
    public boolean armForRecv() {
        return fq.armForData();
    }

    @Override
    public Peer soleInboundPeer() {
        return fq.sole();
    }
}
