package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class EndpointTest {

    private static ErrorCode codeOf(Throwable t) {
        return ((MonocoqueException) t).code();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp127.0.0.1:5555 | EINVAL",
        "tcp://127.0.0.1 | EINVAL",
        "tcp://127.0.0.1:notaport | EINVAL",
        "tcp://127.0.0.1:70000 | EINVAL",
        "tcp://::1:5555 | EINVAL",
        "tcp://:5555 | EINVAL",
        "ipc:// | EINVAL",
        "foo://bar | EPROTONOSUPPORT",
        "pgm://eth0;239.192.1.1:5555 | EPROTONOSUPPORT",
    })
    void shouldRejectMalformedOrUnsupportedBindEndpoints(String endpoint, ErrorCode code) {
        try (var ctx = new Context(); var s = ctx.socket(SocketType.PULL)) {
            assertThatThrownBy(() -> s.bind(endpoint))
                    .isInstanceOf(MonocoqueException.class)
                    .hasMessageContaining(endpoint)
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(code));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp://*:5555 | EINVAL",
        "tcp://127.0.0.1:* | EINVAL",
        "tcp://127.0.0.1:0 | EINVAL",
        "ipc://* | EINVAL",
    })
    void shouldRejectWildcardsInConnect(String endpoint, ErrorCode code) {
        try (var ctx = new Context(); var s = ctx.socket(SocketType.PUSH)) {
            assertThatThrownBy(() -> s.connect(endpoint)).satisfies(e -> assertThat(codeOf(e)).isEqualTo(code));
        }
    }

    @Test
    void shouldReportAddressInUse() {
        try (var ctx = new Context(); var a = ctx.socket(SocketType.PULL); var b = ctx.socket(SocketType.PULL)) {
            String ep = a.bind("tcp://127.0.0.1:*");
            assertThatThrownBy(() -> b.bind(ep))
                    .hasMessageContaining(ep)
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.EADDRINUSE));
        }
    }

    @Test
    void shouldRemoveTheTemporaryDirectoryOfAnIpcWildcardOnUnbindAndClose() {
        try (var ctx = new Context(); var a = ctx.socket(SocketType.PULL); var b = ctx.socket(SocketType.PULL)) {
            String first = a.bind("ipc://*");
            String second = b.bind("ipc://*");
            Path firstDir = Path.of(first.substring("ipc://".length())).getParent();
            Path secondDir = Path.of(second.substring("ipc://".length())).getParent();
            assertThat(firstDir.getFileName().toString()).startsWith("monocoque-ipc");
            assertThat(firstDir).isDirectory();
            assertThat(secondDir).isDirectory().isNotEqualTo(firstDir);

            a.unbind(first);
            TestSupport.await("the unbound endpoint's directory to go", Duration.ofSeconds(5), () -> !Files.exists(firstDir));
            b.close();
            TestSupport.await("the closed socket's directory to go", Duration.ofSeconds(5), () -> !Files.exists(secondDir));
        }
    }

    @Test
    void shouldResolveWildcardsInBind() {
        try (var ctx = new Context(); var a = ctx.socket(SocketType.PULL); var b = ctx.socket(SocketType.PULL)) {
            assertThat(a.bind("tcp://*:*")).matches("tcp://0\\.0\\.0\\.0:\\d+");
            assertThat(b.bind("tcp://127.0.0.1:0")).matches("tcp://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
        }
    }

    @Test
    void shouldConnectBeforeThePeerBinds() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (var ctx = new Context(); var push = ctx.socket(SocketType.PUSH); var pull = ctx.socket(SocketType.PULL)) {
            push.set(SocketOption.RECONNECT_IVL, 10);
            push.connect("tcp://127.0.0.1:" + port);
            push.send("queued before bind");
            pull.bind("tcp://127.0.0.1:" + port);
            Msg m = pull.recv(Duration.ofSeconds(10));
            assertThat(m).isNotNull();
            assertThat(m.string(0)).isEqualTo("queued before bind");
        }
    }

    @Test
    void shouldWorkOverIpv6Loopback() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ipv6LoopbackAvailable(), "no IPv6 loopback on this machine");
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            String ep = pull.bind("tcp://[::1]:*");
            assertThat(ep).startsWith("tcp://[::1]:");
            push.connect(ep);
            push.send("over v6");
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("over v6");
        }
    }

    private static boolean ipv6LoopbackAvailable() {
        try (var s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("::1", 0));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void shouldReplaceStaleIpcSocketFileAndRemoveItOnUnbind(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("stale.sock");
        Files.writeString(path, "stale");
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            String ep = pull.bind("ipc://" + path);
            assertThat(ep).isEqualTo("ipc://" + path);
            push.connect(ep);
            push.send("over ipc");
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("over ipc");
            pull.unbind(ep);
            assertThat(Files.exists(path)).isFalse();
        }
    }

    @Test
    void shouldUnbindAndDisconnect() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.connect(ep);
            push.send("one");
            assertThat(pull.recv(Duration.ofSeconds(5))).isNotNull();
            push.disconnect(ep);
            assertThat(push.trySend(Msg.of("nowhere"))).isFalse();
            assertThatThrownBy(() -> push.disconnect(ep)).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ENOENT));
            pull.unbind(ep);
            assertThatThrownBy(() -> pull.unbind(ep)).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ENOENT));
            // The port is free again.
            try (var again = ctx.socket(SocketType.PULL)) {
                assertThat(again.bind(ep)).isEqualTo(ep);
            }
        }
    }
}
