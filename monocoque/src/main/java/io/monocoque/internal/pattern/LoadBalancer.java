package io.monocoque.internal.pattern;

import io.monocoque.Msg;
import io.monocoque.internal.Peer;
import java.util.ArrayList;
import java.util.List;

/**
 * Round-robin over peers for outgoing messages (libzmq's {@code lb_t}): each message goes to the
 * next peer whose outbound pipe has room; a full peer is skipped, not waited on. Socket lock only.
 */
public final class LoadBalancer {
    private final List<Peer> peers = new ArrayList<>();
    private int next;

    public void attach(Peer p) {
        peers.add(p);
    }

    public void detach(Peer p) {
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

    /**
     * Queues {@code msg} on the next peer with room.
     *
     * @return the peer it went to, or null when every peer is full (or there is none)
     */
    public Peer send(Msg msg) {
        int n = peers.size();
        for (int i = 0; i < n; i++) {
            int idx = next + i;
            if (idx >= n) {
                idx -= n;
            }
            Peer p = peers.get(idx);
            if (p.out().offer(msg)) {
                next = idx + 1 == n ? 0 : idx + 1;
                return p;
            }
        }
        return null;
    }

    /** Arms every peer for space; true when one has room already. */
    public boolean armForSpace() {
        for (Peer p : peers) {
            if (p.out().armForSpace()) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return peers.isEmpty();
    }
}
