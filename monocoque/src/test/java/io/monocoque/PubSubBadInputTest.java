package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmtp.Command;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Subscription traffic that is hostile or misplaced: handled without a crash or unbounded memory. */
@Timeout(60)
class PubSubBadInputTest {

    @Test
    void shouldAbsorbAHundredThousandSubscriptionFloodAndForgetItOnDisconnect() throws Exception {
        int flood = 100_000;
        try (var ctx = new Context(); var xpub = ctx.socket(SocketType.XPUB); var sub = ctx.socket(SocketType.SUB)) {
            String ep = xpub.bind("tcp://127.0.0.1:*");
            try (var raw = new RawPeer(ep)) {
                raw.handshake("SUB");
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int i = 0; i < flood; i++) {
                    batch.write(new Command.Subscribe(("flood-" + i).getBytes()).toFrame());
                    if (batch.size() > 1 << 16) {
                        raw.send(batch.toByteArray());
                        batch.reset();
                    }
                }
                raw.send(batch.toByteArray());
                int seen = 0;
                while (seen < flood) {
                    Msg m = xpub.recv(Duration.ofSeconds(10));
                    assertThat(m).as("subscription notification %d", seen).isNotNull();
                    assertThat(m.bytes(0)[0]).isEqualTo((byte) 1);
                    seen++;
                }
                // A regular subscriber is served normally meanwhile.
                sub.subscribe("news");
                sub.connect(ep);
                Msg s = xpub.recv(Duration.ofSeconds(10));
                assertThat(s.string(0)).isEqualTo("\u0001news");
                PubSubTest.awaitSubscribed(xpub, sub, "news");
            }
            // The flooding peer left: every one of its topics is unsubscribed, so its memory is released.
            int gone = 0;
            while (gone < flood) {
                Msg m = xpub.recv(Duration.ofSeconds(10));
                assertThat(m).as("unsubscription notification %d", gone).isNotNull();
                if (m.bytes(0)[0] == 0) {
                    gone++;
                }
            }
            xpub.send("news-still-flowing");
            assertThat(sub.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("news-still-flowing");
        }
    }

    @Test
    void shouldIgnoreSubscriptionCommandsSentToASubscriber() throws Exception {
        try (var ctx = new Context(); var sub = ctx.socket(SocketType.SUB)) {
            String ep = sub.bind("tcp://127.0.0.1:*");
            sub.subscribe("");
            try (var raw = new RawPeer(ep)) {
                raw.handshake("PUB");
                raw.send(new Command.Subscribe("x".getBytes()).toFrame());
                raw.send(new Command.Cancel("never-subscribed".getBytes()).toFrame());
                raw.sendFrame(false, "after bogus commands".getBytes());
                assertThat(sub.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("after bogus commands");
            }
        }
    }

    @Test
    void shouldIgnoreCancelOfUnknownTopicAndOversizedSubscriptions() throws Exception {
        try (var ctx = new Context(); var pub = ctx.socket(SocketType.PUB); var sub = ctx.socket(SocketType.SUB)) {
            String ep = pub.bind("tcp://127.0.0.1:*");
            try (var raw = new RawPeer(ep)) {
                raw.handshake("SUB");
                raw.send(new Command.Cancel("never".getBytes()).toFrame());
                raw.send(new Command.Subscribe(new byte[100_000]).toFrame()); // above the 4 KiB cap: ignored
                sub.subscribe("ok");
                sub.connect(ep);
                PubSubTest.awaitSubscribed(pub, sub, "ok");
                pub.send("ok-message");
                assertThat(sub.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("ok-message");
            }
        }
    }
}
