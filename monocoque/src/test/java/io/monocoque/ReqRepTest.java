package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReqRepTest {

    @Test
    void shouldExchangeRequestsAndReplies() {
        try (var ctx = new Context(); var rep = ctx.socket(SocketType.REP); var req = ctx.socket(SocketType.REQ)) {
            String ep = rep.bind("tcp://127.0.0.1:*");
            req.connect(ep);
            for (int i = 0; i < 100; i++) {
                req.send("ping " + i);
                Msg q = rep.recv(Duration.ofSeconds(5));
                assertThat(q.size()).isEqualTo(1);
                assertThat(q.string(0)).isEqualTo("ping " + i);
                rep.send("pong " + i);
                Msg r = req.recv(Duration.ofSeconds(5));
                assertThat(r.string(0)).isEqualTo("pong " + i);
            }
        }
    }

    @Test
    void shouldRefuseSecondSendWithoutReply() {
        try (var ctx = new Context(); var req = ctx.socket(SocketType.REQ)) {
            req.set(SocketOption.LINGER, 0);
            req.connect("tcp://127.0.0.1:1");
            assertThatThrownBy(() -> req.recv()).isInstanceOf(MonocoqueException.class)
                    .satisfies(e -> assertThat(((MonocoqueException) e).code()).isEqualTo(ErrorCode.EFSM));
            req.send("one");
            assertThatThrownBy(() -> req.send("two")).isInstanceOf(MonocoqueException.class)
                    .hasMessageContaining("cannot send twice")
                    .satisfies(e -> assertThat(((MonocoqueException) e).code()).isEqualTo(ErrorCode.EFSM));
        }
    }

    @Test
    void shouldRouteRepliesThroughRouterAndDealer() {
        try (var ctx = new Context(); var router = ctx.socket(SocketType.ROUTER); var dealer = ctx.socket(SocketType.DEALER)) {
            String ep = router.bind("tcp://127.0.0.1:*");
            dealer.set(SocketOption.ROUTING_ID, "dealer-1".getBytes());
            dealer.connect(ep);
            dealer.send(Msg.of("a", "b"));
            Msg m = router.recv(Duration.ofSeconds(5));
            assertThat(m.string(0)).isEqualTo("dealer-1");
            assertThat(m.string(1)).isEqualTo("a");
            assertThat(m.string(2)).isEqualTo("b");
            router.send(Msg.of("dealer-1", "reply"));
            Msg r = dealer.recv(Duration.ofSeconds(5));
            assertThat(r.size()).isEqualTo(1);
            assertThat(r.string(0)).isEqualTo("reply");
        }
    }
}
