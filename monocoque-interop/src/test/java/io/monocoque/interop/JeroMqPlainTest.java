package io.monocoque.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.SocketEvent;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import io.monocoque.ZapReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * PLAIN against JeroMQ in both directions. JeroMQ without a ZAP handler accepts every client, as
 * libzmq does; the refusal case therefore runs with Monocoque as the server.
 */
@Timeout(60)
class JeroMqPlainTest {

    @Test
    void monocoqueClientToJeromqServer() {
        try (ZContext jctx = new ZContext(); var ctx = new Context(); var push = ctx.socket(SocketType.PUSH)) {
            ZMQ.Socket pull = jctx.createSocket(org.zeromq.SocketType.PULL);
            pull.setPlainServer(true);
            pull.setReceiveTimeOut(10_000);
            pull.bind("tcp://127.0.0.1:*");
            String endpoint = pull.getLastEndpoint();
            push.set(SocketOption.PLAIN_USERNAME, "admin");
            push.set(SocketOption.PLAIN_PASSWORD, "secret");
            push.set(SocketOption.LINGER, 0);
            push.connect(endpoint);
            push.send(Msg.of("hello JeroMQ"));
            byte[] got = pull.recv();
            assertThat(got).as("JeroMQ PLAIN server received").isNotNull();
            assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("hello JeroMQ");
        }
    }

    @Test
    void jeromqClientToMonocoqueServerAcceptedAndRefused() throws InterruptedException {
        try (ZContext jctx = new ZContext(); var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            ctx.zapHandler(r -> r.password().equals("secret") ? ZapReply.allow(r.username()) : ZapReply.deny("bad password"));
            var events = new LinkedBlockingQueue<SocketEvent>();
            pull.monitor(events::add);
            pull.set(SocketOption.PLAIN_SERVER, true);
            String endpoint = pull.bind("tcp://127.0.0.1:*");

            ZMQ.Socket good = plainPush(jctx, endpoint, "alice", "secret");
            good.send("from alice");
            Msg m = pull.recv(Duration.ofSeconds(5));
            if (m == null) {
                // JeroMQ sometimes never completes a handshake it initiates; recreate its side once.
                System.err.println("JeroMqPlainTest: no message from JeroMQ within 5 s, recreating the JeroMQ PUSH once");
                jctx.destroySocket(good);
                good = plainPush(jctx, endpoint, "alice", "secret");
                good.send("from alice");
                m = pull.recv(Duration.ofSeconds(10));
            }
            assertThat(m).isNotNull();
            assertThat(m.string(0)).isEqualTo("from alice");
            assertThat(m.property("User-Id")).isEqualTo("alice");

            ZMQ.Socket bad = plainPush(jctx, endpoint, "mallory", "guess");
            bad.send("from mallory");
            boolean refused = InteropSupport.awaitType(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH, 5);
            if (!refused) {
                System.err.println("JeroMqPlainTest: JeroMQ never sent its HELLO within 5 s, recreating the JeroMQ PUSH once");
                jctx.destroySocket(bad);
                bad = plainPush(jctx, endpoint, "mallory", "guess");
                bad.send("from mallory");
                refused = InteropSupport.awaitType(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH, 10);
            }
            assertThat(refused).isTrue();
            assertThat(pull.recv(Duration.ofMillis(300))).isNull();
        }
    }

    private static ZMQ.Socket plainPush(ZContext jctx, String endpoint, String user, String password) {
        ZMQ.Socket s = jctx.createSocket(org.zeromq.SocketType.PUSH);
        s.setLinger(0);
        s.setPlainUsername(user.getBytes(StandardCharsets.UTF_8));
        s.setPlainPassword(password.getBytes(StandardCharsets.UTF_8));
        s.connect(endpoint);
        return s;
    }

}
