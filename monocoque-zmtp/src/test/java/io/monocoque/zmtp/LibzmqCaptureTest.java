package io.monocoque.zmtp;

import static io.monocoque.zmtp.TestBytes.ascii;
import static io.monocoque.zmtp.TestBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop against bytes captured from a real libzmq 4.3.4 DEALER (routing id "peer-1"); see
 * src/test/resources/capture/README.md for how they were recorded.
 */
class LibzmqCaptureTest {

    private static byte[] greeting;
    private static byte[] readyFrame;

    @BeforeAll
    static void loadCapture() throws IOException {
        try (InputStream in = LibzmqCaptureTest.class.getResourceAsStream("/capture/libzmq-dealer-greeting-ready.hex")) {
            assertThat(in).as("capture resource").isNotNull();
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
            assertThat(lines).hasSize(2);
            greeting = TestBytes.hex(lines.get(0));
            readyFrame = TestBytes.hex(lines.get(1));
        }
        assertThat(greeting).hasSize(64);
    }

    @ParameterizedTest(name = "fed in chunks of {0}")
    @ValueSource(ints = {1, 7, 64, 4096})
    void shouldCompleteHandshakeWithRealLibzmqDealerAsRouter(int chunk) {
        ZmtpSessionTest.Side router = ZmtpSessionTest.side(ZmtpSocketType.ROUTER, null);

        ZmtpSessionTest.feed(router.session(), concat(greeting, readyFrame), chunk);

        assertThat(router.session().phase()).isEqualTo(ZmtpSession.Phase.ACTIVE);
        PeerInfo peer = router.session().peer();
        assertThat(router.events().handshakes).containsExactly(peer);
        assertThat(peer.socketType()).isEqualTo(ZmtpSocketType.DEALER);
        assertThat(new String(peer.identity(), StandardCharsets.US_ASCII)).isEqualTo("peer-1");
        assertThat(peer.greeting().major()).isEqualTo(3);
        assertThat(peer.isZmtp31()).isTrue(); // libzmq 4.3.4 announces 3.1
        assertThat(peer.greeting().mechanism()).isEqualTo("NULL");
        assertThat(peer.greeting().asServer()).isFalse();
        // Nothing was drained yet, so our greeting and our READY are both still queued.
        assertThat(ZmtpSessionTest.drain(router.session()))
                .isEqualTo(concat(ZmtpSessionTest.nullGreeting(), ZmtpSessionTest.ready("ROUTER")));
    }

    @Test
    void shouldDecodeLibzmqGreetingDespiteNonZeroPadding() {
        // libzmq writes routing-id length + 1 into the padding (ZMTP 1.0 compatibility).
        assertThat(greeting[8]).isEqualTo((byte) ("peer-1".length() + 1));

        Greeting g = new GreetingDecoder().decode(ByteBuffer.wrap(greeting));

        assertThat(g).isEqualTo(new Greeting(3, 1, "NULL", false));
    }

    @Test
    void shouldEncodeReadyByteForByteAsLibzmqDoes() {
        Metadata md = Metadata.builder().put(Metadata.SOCKET_TYPE, "DEALER").put(Metadata.IDENTITY, ascii("peer-1")).build();

        assertThat(new Command.Ready(md).toFrame()).isEqualTo(readyFrame);
    }

    @Test
    void shouldMatchLibzmqGreetingFromVersionOnward() {
        byte[] ours = Greeting.ofVersion31("NULL", false).toBytes();

        assertThat(ours[0]).isEqualTo(greeting[0]);
        assertThat(java.util.Arrays.copyOfRange(ours, 9, 64)).isEqualTo(java.util.Arrays.copyOfRange(greeting, 9, 64));
    }
}
