package io.monocoque.internal.pattern;

import io.monocoque.ErrorCode;
import io.monocoque.MonocoqueException;
import io.monocoque.Msg;
import io.monocoque.SocketOption;
import io.monocoque.internal.MsgAccess;
import io.monocoque.internal.Peer;
import io.monocoque.internal.SocketCore;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ROUTER (RFC 28): every received message gets the sending peer's routing id as frame 0; a sent
 * message's frame 0 names the peer it goes to. The routing id is the peer's Identity property or,
 * when it has none, a generated one in libzmq's 5-byte form (0x00 then a 32-bit counter).
 *
 * <p>Unknown routing ids are dropped silently, or fail with EHOSTUNREACH under ROUTER_MANDATORY;
 * a peer at its HWM loses the message, or makes the send wait (EAGAIN when non-blocking) under
 * ROUTER_MANDATORY. A new peer claiming a routing id in use is refused, or takes it over under
 * ROUTER_HANDOVER. Each connection is its own {@link Peer}, so a reconnecting peer can never
 * receive what was queued for its previous connection.
 */
final class RouterPattern extends Pattern {
    private final FairQueue fq = new FairQueue();
    private final Map<ByteBuffer, Peer> routes = new HashMap<>();
    private final MsgAccess access = MsgAccess.get();
    private int nextId = ThreadLocalRandom.current().nextInt();
    private Peer blocked;
    private long dropped;

    RouterPattern(SocketCore socket) {
        super(socket);
    }

    @Override
    public boolean keepsPeerWhileConnecting() {
        return false;
    }

    @Override
    public void attach(Peer peer) {
        byte[] id = peer.info() == null ? new byte[0] : peer.info().identity();
        if (id.length > 0) {
            ByteBuffer key = ByteBuffer.wrap(id);
            Peer existing = routes.get(key);
            if (existing != null) {
                if (!socket.options().getBool(SocketOption.ROUTER_HANDOVER)) {
                    socket.dropPeer(peer);
                    return;
                }
                routes.remove(key);
                fq.detach(existing);
                socket.dropPeer(existing);
            }
        } else {
            id = generateId();
        }
        peer.routingId(id);
        routes.put(ByteBuffer.wrap(id), peer);
        fq.attach(peer);
    }

    private byte[] generateId() {
        while (true) {
            int n = nextId++;
            byte[] id = {0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
            if (!routes.containsKey(ByteBuffer.wrap(id))) {
                return id;
            }
        }
    }

    @Override
    public void detach(Peer peer) {
        byte[] id = peer.routingId();
        if (id != null && routes.get(ByteBuffer.wrap(id)) == peer) {
            routes.remove(ByteBuffer.wrap(id));
        }
        fq.detach(peer);
        if (blocked == peer) {
            blocked = null;
        }
    }

    @Override
    public boolean trySend(Msg msg) {
        boolean mandatory = socket.options().getBool(SocketOption.ROUTER_MANDATORY);
        byte[] id = access.frame(msg, 0);
        Peer p = routes.get(ByteBuffer.wrap(id));
        if (p == null || p.isDetached()) {
            if (mandatory) {
                throw new MonocoqueException(ErrorCode.EHOSTUNREACH,
                        "ROUTER has no peer with routing id " + hex(id) + " (ROUTER_MANDATORY is set)");
            }
            dropped++;
            return true; // dropped silently, as libzmq
        }
        if (msg.size() < 2) {
            return true; // nothing but a routing id: nothing to send
        }
        Msg body = access.dropFirst(msg, 1);
        if (p.out().offer(body)) {
            blocked = null;
            return true;
        }
        if (mandatory) {
            blocked = p;
            return false;
        }
        dropped++;
        return true; // peer at its HWM: dropped, as libzmq
    }

    @Override
    public long droppedMessages() {
        return dropped;
    }

    @Override
    public Msg tryRecv() {
        Msg m = fq.recv();
        return m == null ? null : access.prepend(fq.lastPeer().routingId(), m);
    }

    @Override
    public boolean armForSend() {
        Peer p = blocked;
        return p == null || p.isDetached() || p.out().armForSpace();
    }

    @Override
    public boolean armForRecv() {
        return fq.armForData();
    }

    private static String hex(byte[] id) {
        StringBuilder sb = new StringBuilder("0x");
        for (byte b : id) {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }

    @Override
    public Peer soleInboundPeer() {
        return fq.sole();
    }
}
