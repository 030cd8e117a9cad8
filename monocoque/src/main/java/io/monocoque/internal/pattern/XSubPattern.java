package io.monocoque.internal.pattern;

import io.monocoque.Msg;
import io.monocoque.SocketOption;
import io.monocoque.internal.MsgAccess;
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
        for (byte[] prefix : subscriptions.prefixes()) {
            long count = countOf(prefix);
            for (long i = 0; i < count; i++) {
                peer.out().offer(message((byte) 1, prefix));
            }
        }
    }

    private long countOf(byte[] prefix) {
        // Each subscription is re-sent as many times as it was made, so the publisher's counts match.
        SubscriptionIndex<Object> probe = subscriptions;
        long[] n = {0};
        probe.countExact(prefix, SELF, c -> n[0] = c);
        return n[0];
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
        if (msg.size() == 1 && first.length >= 1 && (first[0] == 0 || first[0] == 1)) {
            byte[] prefix = java.util.Arrays.copyOfRange(first, 1, first.length);
            if (first[0] == 1) {
                subscriptions.add(prefix, SELF);
            } else if (!hasSubscription(prefix)) {
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

    private boolean hasSubscription(byte[] prefix) {
        long[] n = {0};
        subscriptions.countExact(prefix, SELF, c -> n[0] = c);
        return n[0] > 0;
    }

    @Override
    public void subscribe(byte[] prefix, boolean subscribe) {
        if (xsub) {
            super.subscribe(prefix, subscribe);
            return;
        }
        if (subscribe) {
            subscriptions.add(prefix, SELF);
        } else if (hasSubscription(prefix)) {
            subscriptions.remove(prefix, SELF);
        } else {
            return;
        }
        Msg m = message(subscribe ? (byte) 1 : (byte) 0, prefix);
        for (Peer p : peers) {
            p.out().offer(m);
        }
    }

    private static Msg message(byte kind, byte[] prefix) {
        byte[] b = new byte[prefix.length + 1];
        b[0] = kind;
        System.arraycopy(prefix, 0, b, 1, prefix.length);
        return Msg.wrap(b);
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
}
