package io.monocoque.zmtp;

import static io.monocoque.zmtp.TestBytes.ascii;
import static io.monocoque.zmtp.TestBytes.hex;
import static io.monocoque.zmtp.ZmtpSessionTest.drain;
import static io.monocoque.zmtp.ZmtpSessionTest.feed;
import static io.monocoque.zmtp.ZmtpSessionTest.messageFrame;
import static io.monocoque.zmtp.ZmtpSessionTest.pump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmtp.ZmtpSessionTest.Recorder;
import io.monocoque.zmtp.ZmtpSessionTest.Side;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CURVE in memory: the crypto against published vectors, the handshake, sealed traffic and what tampering does. */
class CurveMechanismTest {
    // RFC 7748 section 6.1, the same pair as NaCl's crypto_box test ("Cryptography in NaCl", Bernstein).
    static final byte[] ALICE_SECRET = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    static final byte[] ALICE_PUBLIC = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    static final byte[] BOB_PUBLIC = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");

    static final byte[] SERVER_SECRET = CurveCrypto.newSecretKey();
    static final byte[] CLIENT_SECRET = CurveCrypto.newSecretKey();

    @Test
    void shouldDeriveThePublishedPublicKeyAndBoxKey() {
        assertThat(CurveCrypto.publicKey(ALICE_SECRET)).isEqualTo(ALICE_PUBLIC);
        // crypto_box_beforenm = HSalsa20(X25519 shared secret, 0): NaCl's "firstkey".
        assertThat(CurveCrypto.beforenm(BOB_PUBLIC, ALICE_SECRET))
                .isEqualTo(hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389"));
    }

    @Test
    void shouldOpenWhatItSealsAndRefuseAnyChangedOctet() {
        byte[] key = CurveCrypto.beforenm(BOB_PUBLIC, ALICE_SECRET);
        byte[] nonce = new byte[24];
        byte[] plain = ascii("a box for bob");
        byte[] box = new byte[plain.length + 16];
        CurveCrypto.seal(key, nonce, plain, 0, plain.length, box, 0);
        byte[] out = new byte[plain.length];
        assertThat(CurveCrypto.open(key, nonce, box, 0, box.length, out, 0)).isTrue();
        assertThat(out).isEqualTo(plain);
        for (int i = 0; i < box.length; i++) {
            byte[] bad = box.clone();
            bad[i] ^= 1;
            assertThat(CurveCrypto.open(key, nonce, bad, 0, bad.length, new byte[plain.length], 0)).as("octet %d", i).isFalse();
        }
    }

    static Side server(Authenticator auth) {
        Recorder r = new Recorder();
        ZmtpSession s = new ZmtpSession(new ZmtpSession.Config(ZmtpSocketType.PULL, null,
                CurveMechanism.server(SERVER_SECRET, auth), -1), r);
        s.start();
        return new Side(s, r);
    }

    static Side client(byte[] serverPublic) {
        Recorder r = new Recorder();
        ZmtpSession s = new ZmtpSession(new ZmtpSession.Config(ZmtpSocketType.PUSH, null,
                CurveMechanism.client(CurveCrypto.publicKey(CLIENT_SECRET), CLIENT_SECRET, serverPublic), -1), r);
        s.start();
        return new Side(s, r);
    }

    static Side[] connected() {
        Side server = server((m, c) -> Authenticator.Decision.allow("u1"));
        Side client = client(CurveCrypto.publicKey(SERVER_SECRET));
        pump(client.session(), server.session(), 37);
        assertThat(client.session().phase()).isEqualTo(ZmtpSession.Phase.ACTIVE);
        assertThat(server.session().phase()).isEqualTo(ZmtpSession.Phase.ACTIVE);
        return new Side[] {client, server};
    }

    @Test
    void shouldCompleteTheHandshakeAndCarrySealedFramesAndCommands() {
        Side[] pair = connected();
        Side client = pair[0];
        Side server = pair[1];
        assertThat(server.events().handshakes.get(0).metadata().getString(Metadata.USER_ID)).isEqualTo("u1");
        assertThat(server.events().handshakes.get(0).socketType()).isEqualTo(ZmtpSocketType.PUSH);
        byte[] first = messageFrame(client.session(), true, ascii("hello"));
        byte[] second = messageFrame(client.session(), false, new byte[0]);
        assertThat(first.length).isEqualTo(2 + 33 + 5);
        assertThat(Arrays.copyOfRange(first, 2, 10)).isEqualTo(ascii("\u0007MESSAGE"));
        assertThat(first[0]).as("outer frame flags, as libzmq sends").isZero();
        feed(server.session(), TestBytes.concat(first, second), 7);
        assertThat(server.events().frames).hasSize(2);
        assertThat(server.events().frames.get(0).flags()).isEqualTo(FrameFlags.MORE);
        assertThat(server.events().frames.get(0).body()).isEqualTo(ascii("hello"));
        assertThat(server.events().frames.get(1).body()).isEmpty();

        client.session().sendCommand(new Command.Ping(10, ascii("ctx")));
        pump(client.session(), server.session(), 64);
        assertThat(server.events().commands).containsExactly(new Command.Ping(10, ascii("ctx")));
        assertThat(client.events().commands).containsExactly(new Command.Pong(ascii("ctx")));
    }

    @Test
    void shouldDropTheConnectionOnATamperedReplayedOrTruncatedMessage() {
        Side[] pair = connected();
        byte[] frame = messageFrame(pair[0].session(), false, ascii("payload"));
        byte[] tampered = frame.clone();
        tampered[tampered.length - 1] ^= 0x40;
        assertThatThrownBy(() -> feed(pair[1].session(), tampered, 100))
                .isInstanceOf(ZmtpProtocolException.class).hasMessageContaining("authenticate");

        Side[] again = connected();
        byte[] one = messageFrame(again[0].session(), false, ascii("once"));
        feed(again[1].session(), one, 100);
        assertThatThrownBy(() -> feed(again[1].session(), one, 100))
                .isInstanceOf(ZmtpProtocolException.class).hasMessageContaining("replayed");
        assertThat(again[1].events().frames).hasSize(1);

        Side[] third = connected();
        byte[] shortBody = TestBytes.concat(new byte[] {0, 20}, ascii("\u0007MESSAGE"), new byte[12]);
        assertThatThrownBy(() -> feed(third[1].session(), shortBody, 100))
                .isInstanceOf(ZmtpProtocolException.class).hasMessageContaining("shorter");
        assertThat(third[1].events().frames).isEmpty();
    }

    @Test
    void shouldFailTheServerSideWhenTheClientHasTheWrongServerKey() {
        Side server = server(Authenticator.ALLOW_ALL);
        Side client = client(CurveCrypto.publicKey(CurveCrypto.newSecretKey()));
        assertThatThrownBy(() -> pump(client.session(), server.session(), 512))
                .isInstanceOf(ZmtpProtocolException.class)
                .satisfies(e -> assertThat(((ZmtpProtocolException) e).kind()).isEqualTo(ZmtpProtocolException.Kind.CRYPTOGRAPHIC))
                .hasMessageContaining("HELLO");
        assertThat(server.events().handshakes).isEmpty();
    }

    @Test
    void shouldSendErrorAndFailWhenTheAuthenticatorRefusesTheClientKey() {
        byte[][] seen = new byte[1][];
        Side server = server((m, credentials) -> {
            seen[0] = credentials.get(0);
            return Authenticator.Decision.deny("no");
        });
        Side client = client(CurveCrypto.publicKey(SERVER_SECRET));
        for (int i = 0; i < 2; i++) { // greetings, then HELLO and WELCOME
            feed(server.session(), drain(client.session()), 512);
            feed(client.session(), drain(server.session()), 512);
        }
        assertThatThrownBy(() -> feed(server.session(), drain(client.session()), 512))
                .isInstanceOf(ZmtpProtocolException.class)
                .satisfies(e -> assertThat(((ZmtpProtocolException) e).kind()).isEqualTo(ZmtpProtocolException.Kind.AUTHENTICATION_FAILED));
        assertThat(seen[0]).isEqualTo(CurveCrypto.publicKey(CLIENT_SECRET));
        byte[] error = drain(server.session());
        assertThatThrownBy(() -> feed(client.session(), error, 512))
                .isInstanceOf(ZmtpProtocolException.class).hasMessageContaining("refused us").hasMessageContaining("400");
        assertThat(List.of(client.events().handshakes, server.events().handshakes)).allMatch(List::isEmpty);
    }
}
