package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SocketOptionTest {

    @Test
    void shouldRejectInvalidValuesNamingOptionAndValue() {
        try (var ctx = new Context(); var s = ctx.socket(SocketType.DEALER)) {
            assertThatThrownBy(() -> s.set(SocketOption.SNDHWM, -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SNDHWM").hasMessageContaining("-1");
            assertThatThrownBy(() -> s.set(SocketOption.LINGER, -2)).hasMessageContaining("LINGER").hasMessageContaining("-2");
            assertThatThrownBy(() -> s.set(SocketOption.MAXMSGSIZE, -5L)).hasMessageContaining("MAXMSGSIZE");
            assertThatThrownBy(() -> s.set(SocketOption.ROUTING_ID, new byte[] {0, 1})).hasMessageContaining("ROUTING_ID");
            assertThatThrownBy(() -> s.set(SocketOption.ROUTING_ID, new byte[256])).hasMessageContaining("ROUTING_ID");
            assertThatThrownBy(() -> s.set(SocketOption.SNDBUF, 0)).hasMessageContaining("SNDBUF");
            assertThatThrownBy(() -> s.set(SocketOption.RCVTIMEO, null)).hasMessageContaining("RCVTIMEO");
        }
    }

    @Test
    void shouldReturnDefaultsAndSetValues() {
        try (var ctx = new Context(); var s = ctx.socket(SocketType.ROUTER)) {
            assertThat(s.get(SocketOption.SNDHWM)).isEqualTo(1000);
            assertThat(s.get(SocketOption.LINGER)).isEqualTo(-1);
            assertThat(s.get(SocketOption.ROUTER_MANDATORY)).isFalse();
            s.set(SocketOption.SNDHWM, 5);
            s.set(SocketOption.ROUTING_ID, "abc".getBytes());
            assertThat(s.get(SocketOption.SNDHWM)).isEqualTo(5);
            assertThat(s.get(SocketOption.ROUTING_ID)).isEqualTo("abc".getBytes());
            assertThat(SocketOption.values()).extracting(SocketOption::name).doesNotHaveDuplicates().contains("REQ_CORRELATE");
        }
    }
}
