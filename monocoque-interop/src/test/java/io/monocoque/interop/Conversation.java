package io.monocoque.interop;

import static io.monocoque.interop.InteropSupport.IO_WAIT;
import static io.monocoque.interop.InteropSupport.PROBE_WAIT;
import static io.monocoque.interop.InteropSupport.RESULT_WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.Socket;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import io.monocoque.interop.InteropSupport.Direction;
import io.monocoque.interop.InteropSupport.Transport;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one cell of the interop matrix: a Monocoque socket and a peer of another implementation
 * exchange the {@link Script}, and both sides check what they got.
 *
 * <ol>
 *   <li>The binding side binds (Monocoque at {@code transport.bindable(dir)}, or the peer, which
 *       reports its resolved endpoint), the other connects.</li>
 *   <li>The side that speaks first sends a probe, and waits up to {@link InteropSupport#PROBE_WAIT}
 *       for it to get through (its echo, or the sink's word). When it does not, a peer that may be
 *       recreated (JeroMQ, see {@link JeroMqPeer#recreate}: twice when it connects, once when it binds, each time logged); Monocoque's socket
 *       is never recreated and keeps its endpoint.</li>
 *   <li>The script goes out, with up to {@link #WINDOW} messages awaiting their echo (1 for REQ),
 *       and every echo is compared with what was sent. Monocoque checks what it receives; the peer
 *       checks what it receives and reports it; envelopes and routing ids are checked on whichever
 *       side is the ROUTER.</li>
 * </ol>
 */
final class Conversation {
    /** Messages sent ahead of their echoes: well under the default HWM of 1,000, so nothing is dropped. */
    static final int WINDOW = 100;

    private final InteropCase c;
    private final Socket ours;
    private final InteropPeer peer;
    private final int total;

    private Conversation(InteropCase c, Socket ours, InteropPeer peer) {
        this.c = c;
        this.ours = ours;
        this.peer = peer;
        this.total = Script.size(Script.SEQUENCE);
    }

    /** Runs {@code c} against a peer from {@code peers}; {@code dir} holds ipc socket files. */
    static void run(InteropPeer.Factory peers, InteropCase c, Transport transport, Direction direction, Path dir)
            throws InterruptedException {
        try (Context ctx = new Context(); Socket ours = ctx.socket(c.ours)) {
            ours.set(SocketOption.LINGER, 1000);
            // A peer whose handshake has not completed within a second is dropped, as any
            // libzmq user may configure: a JeroMQ connect that stalls in its handshake (a known
            // JeroMQ race) then reconnects by itself instead of hanging the cell.
            ours.set(SocketOption.HANDSHAKE_IVL, 1000);
            byte[] id = c.ourRoutingId();
            if (id != null) {
                ours.set(SocketOption.ROUTING_ID, id);
            }
            boolean weBind = direction == Direction.MONOCOQUE_BINDS;
            String ep = weBind ? ours.bind(transport.bindable(dir)) : transport.bindable(dir);
            PeerSpec spec = new PeerSpec(c.theirRole(), c.theirs, !weBind, ep, c.theirRoutingId(),
                    c.theyAddDelimiter(), Script.SEQUENCE);
            try (InteropPeer peer = peers.start(spec)) {
                if (!weBind) {
                    ours.connect(peer.endpoint());
                }
                Conversation talk = new Conversation(c, ours, peer);
                if (c.weSpeakFirst()) {
                    talk.speakFirst();
                } else {
                    talk.answer();
                }
            }
        }
    }

    /** Monocoque sends the script (PUSH, PAIR, REQ, DEALER) and checks the echoes, if any. */
    private void speakFirst() throws InterruptedException {
        probe();
        boolean delimiter = c.weAddDelimiter();
        if (!c.echoes()) {
            for (int i = 0; i < total; i++) {
                send(Script.message(i, delimiter), "message " + i);
            }
        } else {
            int window = c.ours == SocketType.REQ ? 1 : WINDOW;
            int sent = 0;
            for (int received = 0; received < total; received++) {
                while (sent < total && sent - received < window) {
                    send(Script.message(sent, delimiter), "message " + sent);
                    sent++;
                }
                List<byte[]> echo = recvSkippingProbes("the echo of message " + received);
                assertSame("echo", received, delimiter ? stripDelimiter(echo, received) : echo);
            }
        }
        PeerResult r = peer.awaitResult(RESULT_WAIT);
        assertThat(r.count()).as("script messages the peer received").isEqualTo(total);
        assertThat(r.mismatches()).as("script messages the peer found different: %s", r.firstMismatch()).isZero();
        if (c.theirs == SocketType.ROUTER) {
            checkPeerRouter(r);
        }
    }

    /**
     * Sends the probe and waits for it to get through; recreates the peer once (if it may be)
     * when it does not. A REQ that sent its probe cannot send another: it waits for the first
     * one's reply, which a recreated peer answers once the connection is remade.
     */
    private void probe() throws InterruptedException {
        boolean delimiter = c.weAddDelimiter();
        boolean sent = false;
        for (int attempt = 0; ; attempt++) {
            if (!sent || c.ours != SocketType.REQ) {
                sent = ours.send(Script.probe(delimiter), PROBE_WAIT);
            }
            if (sent && probeGotThrough()) {
                return;
            }
            String why = (sent ? "the probe did not get through" : "Monocoque could not even queue the probe")
                    + " within " + PROBE_WAIT + " (" + c + ")";
            if (!peer.recreate(why)) {
                fail(why);
            }
        }
    }

    private boolean probeGotThrough() throws InterruptedException {
        if (!c.echoes()) {
            return peer.awaitProbe(PROBE_WAIT);
        }
        Msg echo = ours.recv(PROBE_WAIT);
        if (echo == null) {
            return false;
        }
        assertThat(Script.isProbe(echo)).as("the first reply is the probe's echo: %s", echo).isTrue();
        return true;
    }

    /** Monocoque receives the script (PULL, REP, ROUTER), echoes it (REP, ROUTER) and checks it. */
    private void answer() throws InterruptedException {
        boolean any = false;
        byte[] routingId = null;
        int n = 0;
        while (n < total) {
            Msg m = ours.recv(any ? IO_WAIT : PROBE_WAIT);
            if (m == null) {
                String why = "nothing received within " + (any ? IO_WAIT : PROBE_WAIT) + " while waiting for "
                        + (any ? "message " + n : "the probe") + " (" + c + ")";
                if (any || !peer.recreate(why)) {
                    fail(why);
                }
                continue;
            }
            any = true;
            if (c.echoes() && !ours.send(m, IO_WAIT)) {
                fail("could not echo message " + n + " within " + IO_WAIT);
            }
            if (Script.isProbe(m)) {
                continue;
            }
            List<byte[]> frames = m.frames();
            if (c.ours == SocketType.ROUTER) {
                byte[] id = frames.get(0);
                if (routingId == null) {
                    checkRoutingId(id);
                    routingId = id;
                }
                assertThat(id).as("routing id of message %d", n).isEqualTo(routingId);
                frames = frames.subList(1, frames.size());
                if (c.routerSeesDelimiter()) {
                    frames = stripDelimiter(frames, n);
                }
            }
            assertSame("message", n, frames);
            n++;
        }
        PeerResult r = peer.awaitResult(RESULT_WAIT);
        assertThat(r.count()).as("script messages the peer sent or got echoed").isEqualTo(total);
        assertThat(r.mismatches()).as("echoes the peer found different: %s", r.firstMismatch()).isZero();
    }

    /** The peer's ROUTER saw one routing id, the expected one, and the envelope it should have. */
    private void checkPeerRouter(PeerResult r) {
        assertThat(r.routingIds()).as("routing ids the peer's ROUTER saw").hasSize(1);
        checkRoutingId(Script.unhex(r.routingIds().get(0)));
        List<String> first = r.first();
        List<String> expected = Script.frames(0).stream().map(Script::hex).toList();
        int bodyStart = c.routerSeesDelimiter() ? 2 : 1;
        assertThat(first.subList(bodyStart, first.size())).as("body of the first message at the peer's ROUTER: %s", first)
                .isEqualTo(expected);
        if (c.routerSeesDelimiter()) {
            assertThat(first.get(1)).as("delimiter frame at the peer's ROUTER: %s", first).isEmpty();
        }
    }

    private void checkRoutingId(byte[] id) {
        byte[] expected = c.expectedRoutingId();
        if (expected != null) {
            assertThat(id).as("routing id %s", Script.hex(id)).isEqualTo(expected);
        } else {
            assertThat(id).as("generated routing id %s: 5 bytes, 0x00 first, as libzmq", Script.hex(id)).hasSize(5);
            assertThat(id[0]).as("first byte of generated routing id %s", Script.hex(id)).isZero();
        }
    }

    private void send(Msg m, String what) {
        if (!ours.send(m, IO_WAIT)) {
            fail("could not send " + what + " within " + IO_WAIT + " (" + c + ")");
        }
    }

    /** The next message that is not a probe's echo (a probe sent twice may be echoed twice). */
    private List<byte[]> recvSkippingProbes(String what) {
        while (true) {
            Msg m = ours.recv(IO_WAIT);
            if (m == null) {
                fail("did not receive " + what + " within " + IO_WAIT + " (" + c + ")");
            }
            if (!Script.isProbe(m)) {
                return m.frames();
            }
        }
    }

    private static List<byte[]> stripDelimiter(List<byte[]> frames, int index) {
        assertThat(frames.get(0)).as("empty delimiter frame of message %d: %s", index, Script.describe(frames)).isEmpty();
        return frames.subList(1, frames.size());
    }

    private void assertSame(String what, int index, List<byte[]> actual) {
        List<byte[]> expected = Script.frames(index);
        if (!Script.same(expected, actual)) {
            fail(what + " " + index + " differs: expected " + Script.describe(expected) + ", got " + Script.describe(actual)
                    + " (" + c + ")");
        }
    }
}
