package io.monocoque.internal.pattern;

import io.monocoque.Msg;
import io.monocoque.internal.Peer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fair-queuing over peers for incoming messages (libzmq's {@code fq_t}): whole messages are
 * taken round-robin from the peers that have one, so a busy peer cannot starve the others.
 * A detached peer stays until its queued messages are read. Socket lock only.
 */
public final class FairQueue {
    private final List<Peer> peers = new ArrayList<>();
    private int next;
    private Peer lastPeer;

    public void attach(Peer p) {
        peers.add(p);
    }

    /** Forgets a departed peer once it has nothing left to read. */
    public void detach(Peer p) {
        if (p.in().size() == 0) {
            remove(p);
        }
    }

    private void remove(Peer p) {
        int i = peers.indexOf(p);
        if (i >= 0) {
            peers.remove(i);
            if (next > i) {
                next--;
            }
            if (next >= peers.size()) {
                next = 0;
            }
        }
    }

    /** The next message from the next peer that has one, or null. */
    public Msg recv() {
        int n = peers.size();
        boolean sweep = false;
        for (int i = 0; i < n; i++) {
            int idx = next + i;
            if (idx >= n) {
                idx -= n;
            }
            Peer p = peers.get(idx);
            Msg m = p.in().poll();
            if (m != null) {
                next = idx + 1 >= n ? 0 : idx + 1;
                lastPeer = p;
                return m;
            }
            sweep |= p.isDetached();
        }
        if (sweep) {
            peers.removeIf(p -> p.isDetached() && p.in().size() == 0);
            next = 0;
        }
        return null;
    }

    /** The only peer, or null when there are none or several. */
    public Peer sole() {
        return peers.size() == 1 ? peers.get(0) : null;
    }

    /** The peer the last message came from. */
    public Peer lastPeer() {
        return lastPeer;
    }

    /** Arms every peer for data; true when one has a message already. */
    public boolean armForData() {
        for (Peer p : peers) {
            if (p.in().armForData()) {
                return true;
            }
        }
        return false;
    }
}
