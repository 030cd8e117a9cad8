package io.monocoque.zmtp;

import static io.monocoque.zmtp.TestBytes.ascii;
import static io.monocoque.zmtp.TestBytes.concat;
import static io.monocoque.zmtp.TestBytes.counting;
import static io.monocoque.zmtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmtp.TestBytes.Frame;
import io.monocoque.zmtp.ZmtpProtocolException.Kind;
import io.monocoque.zmtp.ZmtpSession.Phase;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZmtpSessionTest {

    /** Records what a session reports. */
    static final class Recorder implements ZmtpSession.Listener {
        final List<PeerInfo> handshakes = new ArrayList<>();
        final List<Frame> frames = new ArrayList<>();
        final List<Command> commands = new ArrayList<>();
        boolean acceptMore = true;

        @Override
        public void onHandshakeComplete(PeerInfo peer) {
            handshakes.add(peer);
        }

        @Override
        public boolean onMessageFrame(int flags, byte[] body) {
            frames.add(new Frame(flags, body));
            return acceptMore;
        }

        @Override
        public boolean onCommand(Command command) {
            commands.add(command);
            return true;
        }
    }

    record Side(ZmtpSession session, Recorder events) {
    }

    static Side side(ZmtpSocketType type, String identity, long maxMessageSize) {
        Recorder r = new Recorder();
        ZmtpSession s = new ZmtpSession(new ZmtpSession.Config(type, identity == null ? null : ascii(identity),
                new NullMechanism(), maxMessageSize), r);
        s.start();
        return new Side(s, r);
    }

    static Side side(ZmtpSocketType type, String identity) {
        return side(type, identity, -1);
    }

    /** Everything queued on {@code s}, drained through a buffer of {@code chunk} bytes. */
    static byte[] drain(ZmtpSession s, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(chunk);
        while (s.hasOutput()) {
            buf.clear();
            int n = s.drainOutput(buf);
            assertThat(n).isEqualTo(buf.position()).isPositive();
            out.write(buf.array(), 0, n);
        }
        return out.toByteArray();
    }

    static byte[] drain(ZmtpSession s) {
        return drain(s, 4096);
    }

    /** Feeds {@code bytes} to {@code s} in chunks of {@code chunk}; every byte must be consumed. */
    static void feed(ZmtpSession s, byte[] bytes, int chunk) {
        for (int off = 0; off < bytes.length; off += chunk) {
            ByteBuffer in = ByteBuffer.wrap(bytes, off, Math.min(chunk, bytes.length - off));
            s.receive(in);
            assertThat(in.hasRemaining()).as("unconsumed input").isFalse();
        }
    }

    /** Moves output between the two sessions, {@code chunk} bytes at a time, until both are quiet. */
    static void pump(ZmtpSession a, ZmtpSession b, int chunk) {
        for (int round = 0; round < 10 && (a.hasOutput() || b.hasOutput()); round++) {
            feed(b, drain(a, chunk), chunk);
            feed(a, drain(b, chunk), chunk);
        }
        assertThat(a.hasOutput() || b.hasOutput()).as("sessions still talking").isFalse();
    }

    static byte[] messageFrame(ZmtpSession s, boolean more, byte[] body) {
        ByteBuffer buf = ByteBuffer.allocate((int) s.messageFrameSize(body.length));
        s.encodeMessageFrame(buf, more, body);
        assertThat(buf.hasRemaining()).isFalse();
        return buf.array();
    }

    static byte[] nullGreeting() {
        return Greeting.ofVersion31("NULL", false).toBytes();
    }

    static byte[] ready(Metadata md) {
        return new Command.Ready(md).toFrame();
    }

    static byte[] ready(String socketType) {
        return ready(Metadata.builder().put(Metadata.SOCKET_TYPE, socketType).build());
    }

    /** A session (ROUTER unless said otherwise) that has completed its handshake with a raw DEALER peer. */
    static Side activeRouter(long maxMessageSize) {
        Side router = side(ZmtpSocketType.ROUTER, null, maxMessageSize);
        drain(router.session());
        feed(router.session(), concat(nullGreeting(), ready("DEALER")), 4096);
        assertThat(router.session().phase()).isEqualTo(Phase.ACTIVE);
        drain(router.session());
        return router;
    }

    static Kind kindOf(Throwable t) {
        return ((ZmtpProtocolException) t).kind();
    }

    @Test
    void shouldCompleteHandshakeBetweenDealerAndRouterAndReportPeerInfoOnBothSides() {
        Side dealer = side(ZmtpSocketType.DEALER, "peer-1");
        Side router = side(ZmtpSocketType.ROUTER, null);
        assertThat(dealer.session().phase()).isEqualTo(Phase.GREETING);

        pump(dealer.session(), router.session(), 4096);

        assertThat(dealer.session().phase()).isEqualTo(Phase.ACTIVE);
        assertThat(router.session().phase()).isEqualTo(Phase.ACTIVE);

        PeerInfo seenByRouter = router.session().peer();
        assertThat(router.events().handshakes).containsExactly(seenByRouter);
        assertThat(seenByRouter.socketType()).isEqualTo(ZmtpSocketType.DEALER);
        assertThat(seenByRouter.identity()).isEqualTo(ascii("peer-1"));
        assertThat(seenByRouter.greeting()).isEqualTo(new Greeting(3, 1, "NULL", false));
        assertThat(seenByRouter.isZmtp31()).isTrue();
        assertThat(seenByRouter.metadata().getString("Socket-Type")).isEqualTo("DEALER");

        PeerInfo seenByDealer = dealer.session().peer();
        assertThat(dealer.events().handshakes).containsExactly(seenByDealer);
        assertThat(seenByDealer.socketType()).isEqualTo(ZmtpSocketType.ROUTER);
        assertThat(seenByDealer.identity()).isEmpty();
        assertThat(seenByDealer.metadata().get(Metadata.IDENTITY)).isNull();
    }

    @Test
    void shouldSendRfcGreetingThenReadyFirst() {
        Side dealer = side(ZmtpSocketType.DEALER, "peer-1");

        byte[] greeting = drain(dealer.session());

        assertThat(greeting).isEqualTo(GoldenVectorsTest.NULL_GREETING_CLIENT);
        // READY is queued once the peer's greeting has been checked.
        feed(dealer.session(), nullGreeting(), 64);
        assertThat(drain(dealer.session())).isEqualTo(GoldenVectorsTest.READY_DEALER_PEER1);
        assertThat(dealer.session().phase()).isEqualTo(Phase.HANDSHAKE);
    }

    @Test
    void shouldCompleteHandshakeWhenBytesArriveOneAtATime() {
        Side dealer = side(ZmtpSocketType.DEALER, "peer-1");
        Side router = side(ZmtpSocketType.ROUTER, "r");

        pump(dealer.session(), router.session(), 1);

        assertThat(router.session().phase()).isEqualTo(Phase.ACTIVE);
        assertThat(dealer.session().phase()).isEqualTo(Phase.ACTIVE);
        assertThat(router.session().peer().identity()).isEqualTo(ascii("peer-1"));
        assertThat(dealer.session().peer().identity()).isEqualTo(ascii("r"));
    }

    @Test
    void shouldDeliverMultipartMessageFramesWithMoreFlagAfterHandshake() {
        Side dealer = side(ZmtpSocketType.DEALER, "peer-1");
        Side router = side(ZmtpSocketType.ROUTER, null);
        pump(dealer.session(), router.session(), 4096);

        byte[] wire = concat(
                messageFrame(dealer.session(), true, ascii("part-1")),
                messageFrame(dealer.session(), true, new byte[0]),
                messageFrame(dealer.session(), false, counting(1000)));
        feed(router.session(), wire, 7);

        assertThat(router.events().frames).containsExactly(
                new Frame(FrameFlags.MORE, ascii("part-1")),
                new Frame(FrameFlags.MORE, new byte[0]),
                new Frame(0, counting(1000)));
        assertThat(router.events().commands).isEmpty();
    }

    @Test
    void shouldAnswerPingWithPongAutomaticallyAndStillReportThePing() {
        Side dealer = side(ZmtpSocketType.DEALER, "peer-1");
        Side router = side(ZmtpSocketType.ROUTER, null);
        pump(dealer.session(), router.session(), 4096);

        dealer.session().sendCommand(new Command.Ping(50, ascii("hb-7")));
        feed(router.session(), drain(dealer.session()), 4096);

        assertThat(router.events().commands).containsExactly(new Command.Ping(50, ascii("hb-7")));
        byte[] reply = drain(router.session());
        assertThat(reply).isEqualTo(hex("04 09 04 50 4f 4e 47 68 62 2d 37"));

        feed(dealer.session(), reply, 4096);
        assertThat(dealer.events().commands).containsExactly(new Command.Pong(ascii("hb-7")));
        assertThat(dealer.session().hasOutput()).isFalse();
    }

    @Test
    void shouldSurfaceSubscribeCancelAndUnknownCommandsAfterHandshake() {
        Side router = activeRouter(-1);

        feed(router.session(), concat(new Command.Subscribe(ascii("t")).toFrame(), new Command.Cancel(ascii("t")).toFrame(),
                new Command.Unknown("HELLO", ascii("x")).toFrame()), 4096);

        assertThat(router.events().commands).containsExactly(new Command.Subscribe(ascii("t")),
                new Command.Cancel(ascii("t")), new Command.Unknown("HELLO", ascii("x")));
        assertThat(router.session().hasOutput()).isFalse();
    }

    @Test
    void shouldRefuseIncompatibleSocketTypeAndLeaveErrorCommandInOutput() {
        Side a = side(ZmtpSocketType.PUSH, null);
        Side b = side(ZmtpSocketType.PUSH, null);
        byte[] bGreeting = drain(b.session());
        feed(b.session(), drain(a.session()), 4096);
        byte[] bReady = drain(b.session());
        feed(a.session(), bGreeting, 4096);
        drain(a.session()); // a's READY; a's output is now empty

        assertThatThrownBy(() -> feed(a.session(), bReady, 4096))
                .isInstanceOf(ZmtpProtocolException.class)
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(Kind.INCOMPATIBLE_SOCKET_TYPE))
                .hasMessageContaining("PUSH");

        assertThat(a.session().phase()).isEqualTo(Phase.CLOSED);
        assertThat(a.session().peer()).isNull();
        assertThat(a.events().handshakes).isEmpty();
        byte[] errorFrame = drain(a.session());
        assertThat(errorFrame).isEqualTo(new Command.Error("Invalid socket type").toFrame());
        assertThat(Command.parse(TestBytes.decodeOne(errorFrame).body())).isEqualTo(new Command.Error("Invalid socket type"));
    }

    @Test
    void shouldRefusePushToPushWhenPumpedLikeARealConnection() {
        Side a = side(ZmtpSocketType.PUSH, null);
        Side b = side(ZmtpSocketType.PUSH, null);

        assertThatThrownBy(() -> pump(a.session(), b.session(), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.INCOMPATIBLE_SOCKET_TYPE));
        ZmtpSession refused = a.session().phase() == Phase.CLOSED ? a.session() : b.session();
        assertThat(refused.phase()).isEqualTo(Phase.CLOSED);
        // Its own READY was queued when the peer's greeting arrived; the ERROR follows it.
        List<Frame> out = TestBytes.decodeAll(drain(refused), -1);
        assertThat(out).extracting(f -> Command.parse(f.body()).name()).containsExactly("READY", "ERROR");
        assertThat(Command.parse(out.get(1).body())).isEqualTo(new Command.Error("Invalid socket type"));
    }

    @Test
    void shouldRefusePeerWithUnknownSocketType() {
        Side router = side(ZmtpSocketType.ROUTER, null);

        assertThatThrownBy(() -> feed(router.session(), concat(nullGreeting(), ready("CLIENT")), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.INCOMPATIBLE_SOCKET_TYPE))
                .hasMessageContaining("CLIENT");
    }

    @Test
    void shouldRefuseReadyWithoutSocketType() {
        Side router = side(ZmtpSocketType.ROUTER, null);

        assertThatThrownBy(() -> feed(router.session(), concat(nullGreeting(), ready(Metadata.EMPTY)), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                .hasMessageContaining("Socket-Type");
        assertThat(router.session().phase()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void shouldRefuseMechanismMismatch() {
        Side router = side(ZmtpSocketType.ROUTER, null);
        byte[] plainGreeting = Greeting.ofVersion31("PLAIN", false).toBytes();

        assertThatThrownBy(() -> feed(router.session(), plainGreeting, 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.MECHANISM_MISMATCH))
                .hasMessageContaining("PLAIN");
        assertThat(router.session().phase()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void shouldRefuseOldPeerGreeting() {
        Side router = side(ZmtpSocketType.ROUTER, null);
        byte[] v2 = nullGreeting();
        v2[10] = 2;

        assertThatThrownBy(() -> feed(router.session(), v2, 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED_VERSION));
        assertThat(router.session().phase()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void shouldRefuseGarbageAfterTheGreeting() {
        Side router = side(ZmtpSocketType.ROUTER, null);

        assertThatThrownBy(() -> feed(router.session(), concat(nullGreeting(), hex("ff ff ff ff")), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
        assertThat(router.session().phase()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void shouldRefuseMalformedCommandDuringHandshake() {
        Side router = side(ZmtpSocketType.ROUTER, null);

        assertThatThrownBy(() -> feed(router.session(), concat(nullGreeting(), hex("04 02 05 52")), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void shouldRefuseMessageFrameBeforeHandshakeCompletes() {
        Side router = side(ZmtpSocketType.ROUTER, null);

        assertThatThrownBy(() -> feed(router.session(), concat(nullGreeting(), hex("00 01 41")), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                .hasMessageContaining("before the handshake");
        assertThat(router.events().frames).isEmpty();
        assertThat(router.session().phase()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void shouldRefuseNonReadyCommandDuringNullHandshake() {
        Side router = side(ZmtpSocketType.ROUTER, null);

        assertThatThrownBy(() -> feed(router.session(), concat(nullGreeting(), new Command.Ping(1, new byte[0]).toFrame()), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                .hasMessageContaining("PING");
    }

    @Test
    void shouldReportPeerErrorSentDuringHandshake() {
        Side router = side(ZmtpSocketType.ROUTER, null);

        assertThatThrownBy(() -> feed(router.session(), concat(nullGreeting(), new Command.Error("go away").toFrame()), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PEER_ERROR))
                .hasMessageContaining("go away");
    }

    @Test
    void shouldReportPeerErrorSentAfterHandshake() {
        Side router = activeRouter(-1);

        assertThatThrownBy(() -> feed(router.session(), new Command.Error("bye").toFrame(), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PEER_ERROR));
        assertThat(router.session().phase()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void shouldRefuseSecondReadyAfterHandshake() {
        Side router = activeRouter(-1);

        assertThatThrownBy(() -> feed(router.session(), ready("DEALER"), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void shouldProcessGreetingReadyAndMessagesArrivingInOneBuffer() {
        Side router = side(ZmtpSocketType.ROUTER, null);
        // The message is bigger than the handshake limit: the limit must lift for frames after READY.
        byte[] big = counting(ZmtpSession.HANDSHAKE_FRAME_LIMIT + 1000);

        feed(router.session(), concat(nullGreeting(), ready("DEALER"), hex("01 01 61"), FrameEncoder.frame(0, big)), 1 << 20);

        assertThat(router.session().phase()).isEqualTo(Phase.ACTIVE);
        assertThat(router.events().handshakes).hasSize(1);
        assertThat(router.events().frames).containsExactly(new Frame(FrameFlags.MORE, ascii("a")), new Frame(0, big));
    }

    @Test
    void shouldLimitFramesDuringHandshakeEvenWithoutMessageSizeLimit() {
        Side router = side(ZmtpSocketType.ROUTER, null, -1);
        byte[] header = new byte[9];
        FrameEncoder.writeHeader(ByteBuffer.wrap(header), FrameFlags.COMMAND, ZmtpSession.HANDSHAKE_FRAME_LIMIT + 1);

        assertThatThrownBy(() -> feed(router.session(), concat(nullGreeting(), header), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.MESSAGE_TOO_LARGE));
    }

    @Test
    void shouldApplyMaxMessageSizeAfterHandshake() {
        Side router = activeRouter(100);

        feed(router.session(), FrameEncoder.frame(0, new byte[100]), 4096);
        assertThat(router.events().frames).hasSize(1);

        assertThatThrownBy(() -> feed(router.session(), hex("00 65"), 4096))
                .isInstanceOfSatisfying(ZmtpProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.MESSAGE_TOO_LARGE));
        assertThat(router.session().phase()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void shouldStopAndLeaveBytesInBufferWhenListenerPauses() {
        Side router = activeRouter(-1);
        router.events().acceptMore = false;
        ByteBuffer in = ByteBuffer.wrap(concat(hex("01 01 61"), hex("00 01 62")));

        router.session().receive(in);

        assertThat(router.events().frames).containsExactly(new Frame(FrameFlags.MORE, ascii("a")));
        assertThat(in.remaining()).isEqualTo(3);

        router.events().acceptMore = true;
        router.session().receive(in);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(router.events().frames).extracting(f -> new String(f.body())).containsExactly("a", "b");
    }

    @Test
    void shouldReportZmtp30PeerAsNot31() {
        Side router = side(ZmtpSocketType.ROUTER, null);
        byte[] g30 = nullGreeting();
        g30[11] = 0;

        feed(router.session(), concat(g30, ready("DEALER")), 4096);

        assertThat(router.session().peer().greeting().minor()).isZero();
        assertThat(router.session().peer().isZmtp31()).isFalse();
    }

    @Test
    void shouldSendIdentityOnlyForRoutingSocketTypes() {
        Side pub = side(ZmtpSocketType.PUB, "ignored");
        drain(pub.session());
        feed(pub.session(), nullGreeting(), 4096);

        Command.Ready r = (Command.Ready) Command.parse(TestBytes.decodeOne(drain(pub.session())).body());

        assertThat(r.metadata().getString(Metadata.SOCKET_TYPE)).isEqualTo("PUB");
        assertThat(r.metadata().get(Metadata.IDENTITY)).isNull();
    }

    @Test
    void shouldDrainOutputIntoSmallBuffersWithoutLosingBytes() {
        Side dealer = side(ZmtpSocketType.DEALER, "peer-1");
        feed(dealer.session(), nullGreeting(), 4096);

        assertThat(drain(dealer.session(), 3)).isEqualTo(concat(GoldenVectorsTest.NULL_GREETING_CLIENT, GoldenVectorsTest.READY_DEALER_PEER1));
        assertThat(dealer.session().drainOutput(ByteBuffer.allocate(10))).isZero();
    }

    @Test
    void shouldRejectMisuseOfTheSessionApi() {
        Recorder r = new Recorder();
        ZmtpSession s = new ZmtpSession(new ZmtpSession.Config(ZmtpSocketType.DEALER, null, new NullMechanism(), -1), r);

        assertThatThrownBy(() -> s.receive(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
        s.start();
        assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.sendCommand(new Command.Ping(1, new byte[0]))).isInstanceOf(IllegalStateException.class);
    }
}
