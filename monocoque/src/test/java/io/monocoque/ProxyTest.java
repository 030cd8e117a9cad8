package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProxyTest {

    @Test
    void shouldForwardPubSubThroughXsubXpubWithCaptureAndControl() throws Exception {
        try (var ctx = new Context(); var pub = ctx.socket(SocketType.PUB); var xsub = ctx.socket(SocketType.XSUB);
             var xpub = ctx.socket(SocketType.XPUB); var sub = ctx.socket(SocketType.SUB);
             var capture = ctx.socket(SocketType.PUSH); var captured = ctx.socket(SocketType.PULL);
             var control = ctx.socket(SocketType.PAIR); var controller = ctx.socket(SocketType.PAIR)) {
            String up = pub.bind("tcp://127.0.0.1:*");
            String down = xpub.bind("tcp://127.0.0.1:*");
            xsub.connect(up);
            sub.connect(down);
            captured.connect(capture.bind("tcp://127.0.0.1:*"));
            controller.connect(control.bind("tcp://127.0.0.1:*"));
            CompletableFuture<Throwable> proxy = TestSupport.failureOf(() -> Proxy.run(xsub, xpub, capture, control));
            sub.subscribe("a");
            PubSubTest.awaitSubscribed(pub, sub, "a");
            pub.send(Msg.of("a", "payload"));
            Msg m = sub.recv(Duration.ofSeconds(5));
            assertThat(m.string(1)).isEqualTo("payload");
            assertThat(captured.recv(Duration.ofSeconds(5))).isNotNull(); // the subscription or a message

            controller.send("PAUSE");
            // Paused: a message published now is held back until RESUME.
            TestSupport.await("pause to take effect", Duration.ofSeconds(5), () -> {
                pub.send(Msg.of("a", "during pause?"));
                return sub.recv(Duration.ofMillis(50)) == null;
            });
            controller.send("RESUME");
            Msg after = sub.recv(Duration.ofSeconds(5));
            assertThat(after).isNotNull();

            controller.send("TERMINATE");
            assertThat(proxy.get(10, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void shouldStreamPullToPushAndStopWhenTheContextCloses() throws Exception {
        var ctx = new Context();
        Socket source = ctx.socket(SocketType.PUSH);
        Socket front = ctx.socket(SocketType.PULL);
        Socket back = ctx.socket(SocketType.PUSH);
        Socket sink = ctx.socket(SocketType.PULL);
        source.connect(front.bind("tcp://127.0.0.1:*"));
        sink.connect(back.bind("tcp://127.0.0.1:*"));
        CompletableFuture<Throwable> proxy = TestSupport.failureOf(() -> Proxy.run(front, back));
        for (int i = 0; i < 100; i++) {
            source.send("m" + i);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(sink.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("m" + i);
        }
        for (Socket s : new Socket[] {source, front, back, sink}) {
            s.set(SocketOption.LINGER, 0);
        }
        ctx.close();
        Throwable t = proxy.get(10, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(MonocoqueException.class);
        assertThat(((MonocoqueException) t).code()).isEqualTo(ErrorCode.ETERM);
    }
}
