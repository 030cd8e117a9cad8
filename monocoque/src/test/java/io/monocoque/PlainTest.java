package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PlainTest {

    private static ZapHandler admin(ConcurrentLinkedQueue<ZapRequest> seen) {
        return request -> {
            seen.add(request);
            return request.username().equals("admin") && request.password().equals("secret")
                    ? new ZapReply("200", "OK", "admin-user", Map.of("X-Role", "ops"))
                    : ZapReply.deny("bad credentials");
        };
    }

    @Test
    void shouldLetInAClientWithTheRightCredentialsAndExposeItsUserId() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            var seen = new ConcurrentLinkedQueue<ZapRequest>();
            ctx.zapHandler(admin(seen));
            pull.set(SocketOption.PLAIN_SERVER, true);
            pull.set(SocketOption.ZAP_DOMAIN, "global");
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.set(SocketOption.PLAIN_USERNAME, "admin");
            push.set(SocketOption.PLAIN_PASSWORD, "secret");
            push.connect(ep);
            push.send("authenticated hello");
            Msg m = pull.recv(Duration.ofSeconds(5));
            assertThat(m.string(0)).isEqualTo("authenticated hello");
            assertThat(m.property("User-Id")).isEqualTo("admin-user");
            assertThat(m.property("x-role")).isEqualTo("ops");
            assertThat(m.property("Socket-Type")).isEqualTo("PUSH");
            assertThat(m.property("Peer-Address")).isEqualTo("127.0.0.1");
            ZapRequest r = seen.peek();
            assertThat(r.domain()).isEqualTo("global");
            assertThat(r.mechanism()).isEqualTo("PLAIN");
            assertThat(r.address()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void shouldRefuseWrongCredentialsWithAnAuthEventAndDeliverNothing() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            ctx.zapHandler(admin(new ConcurrentLinkedQueue<>()));
            MonitorTest.Events serverEvents = new MonitorTest.Events();
            MonitorTest.Events clientEvents = new MonitorTest.Events();
            pull.monitor(serverEvents);
            push.monitor(clientEvents);
            pull.set(SocketOption.PLAIN_SERVER, true);
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.set(SocketOption.PLAIN_USERNAME, "admin");
            push.set(SocketOption.PLAIN_PASSWORD, "wrong");
            push.set(SocketOption.LINGER, 0);
            push.connect(ep);
            push.send("must not arrive");
            assertThat(serverEvents.await(SocketEvent.Type.HANDSHAKE_FAILED_AUTH).detail()).contains("400");
            assertThat(clientEvents.await(SocketEvent.Type.HANDSHAKE_FAILED_AUTH).detail()).contains("refused");
            assertThat(pull.recv(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void shouldAcceptEveryoneWithoutAZapHandlerAsLibzmqDoes() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            pull.set(SocketOption.PLAIN_SERVER, true);
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.set(SocketOption.PLAIN_USERNAME, "anyone");
            push.set(SocketOption.PLAIN_PASSWORD, "anything");
            push.connect(ep);
            push.send("in");
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("in");
        }
    }

    @Test
    void shouldNotTalkToANullPeer() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            MonitorTest.Events events = new MonitorTest.Events();
            pull.monitor(events);
            pull.set(SocketOption.PLAIN_SERVER, true);
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.set(SocketOption.LINGER, 0);
            push.connect(ep); // NULL mechanism
            push.send("no");
            assertThat(events.await(SocketEvent.Type.HANDSHAKE_FAILED_PROTOCOL).detail()).contains("mechanism");
            assertThat(pull.recv(Duration.ofMillis(200))).isNull();
        }
    }
}
