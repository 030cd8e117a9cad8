package io.monocoque.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.SocketType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(30)
class SendRecvCommandTest {

    @Test
    void sendDeliversItsArgumentsAsOneMultipartMessage() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            int code = new CommandLine(new Main()).execute("send", "-t", "PUSH", "-c", ep, "hello", "world");
            assertThat(code).isZero();
            Msg m = pull.recv(Duration.ofSeconds(5));
            assertThat(m.string(0)).isEqualTo("hello");
            assertThat(m.string(1)).isEqualTo("world");
        }
    }

    @Test
    void recvPrintsOneLinePerMessageWithTabSeparatedHexFrames() throws Exception {
        try (var ctx = new Context(); var push = ctx.socket(SocketType.PUSH)) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream original = System.out;
            int[] code = {-1};
            Thread receiver;
            synchronized (SendRecvCommandTest.class) {
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                try {
                    String ep;
                    try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                        ep = "tcp://127.0.0.1:" + probe.getLocalPort();
                    }
                    receiver = new Thread(() -> code[0] = new CommandLine(new Main())
                            .execute("recv", "-t", "PULL", "-b", ep, "--count", "2", "--hex", "--timeout", "10000"));
                    receiver.start();
                    push.connect(ep);
                    push.send(Msg.of(new byte[] {1, 2}, new byte[] {(byte) 0xff}));
                    push.send(Msg.of(new byte[0]));
                    receiver.join(20_000);
                } finally {
                    System.setOut(original);
                }
            }
            assertThat(code[0]).isZero();
            assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("0102\tff" + System.lineSeparator() + System.lineSeparator());
        }
    }

    @Test
    void recvFailsWithAClearMessageWhenTheCountIsNotReached() {
        CommandLine cl = new CommandLine(new Main());
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(ex.getMessage());
            return 1;
        });
        int code = cl.execute("recv", "-t", "PULL", "-b", "tcp://127.0.0.1:*", "--count", "1", "--timeout", "100");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("received 0 of 1");
    }
}
