package io.monocoque.internal.pattern;

import io.monocoque.Msg;
import io.monocoque.internal.Peer;
import io.monocoque.internal.SocketCore;

/** PAIR (RFC 31): exactly one peer; a second one is refused while the first is attached. */
final class PairPattern extends Pattern {
    private Peer peer;

    PairPattern(SocketCore socket) {
        super(socket);
    }

    @Override
    public void attach(Peer p) {
        if (peer != null && !peer.isDetached()) {
            socket.dropPeer(p);
            return;
        }
        peer = p;
    }

    @Override
    public void detach(Peer p) {
        // Unread messages of the departed peer stay readable until the next peer arrives.
    }

    @Override
    public boolean trySend(Msg msg) {
        return peer != null && !peer.isDetached() && peer.out().offer(msg);
    }

    @Override
    public Msg tryRecv() {
        return peer == null ? null : peer.in().poll();
    }

    @Override
    public boolean armForSend() {
        return peer != null && !peer.isDetached() && peer.out().armForSpace();
    }

    @Override
    public boolean armForRecv() {
        return peer != null && peer.in().armForData();
    }

    @Override
    public Peer soleInboundPeer() {
        return peer;
    }
}
