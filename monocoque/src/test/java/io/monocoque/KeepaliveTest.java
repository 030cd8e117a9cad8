package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class KeepaliveTest {

    @Test
    void shouldConnectWithKeepaliveSettingsAndRejectBadValues() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            for (Socket s : new Socket[] {pull, push}) {
                s.set(SocketOption.TCP_KEEPALIVE, 1);
                s.set(SocketOption.TCP_KEEPALIVE_IDLE, 30);
                s.set(SocketOption.TCP_KEEPALIVE_CNT, 3);
                s.set(SocketOption.TCP_KEEPALIVE_INTVL, 5);
            }
            push.connect(pull.bind("tcp://127.0.0.1:*"));
            push.send("kept alive");
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("kept alive");
            assertThatThrownBy(() -> push.set(SocketOption.TCP_KEEPALIVE, 2)).hasMessageContaining("TCP_KEEPALIVE");
            assertThatThrownBy(() -> push.set(SocketOption.TCP_KEEPALIVE_IDLE, 0)).hasMessageContaining("TCP_KEEPALIVE_IDLE");
        }
    }
}
