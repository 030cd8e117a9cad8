package io.monocoque.cli;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.Socket;
import io.monocoque.SocketType;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code monocoque recv}: prints received messages, one per line, frames separated by tabs. */
@Command(name = "recv", mixinStandardHelpOptions = true,
        description = "Receives messages and prints one per line, frames separated by tabs (hex with --hex).",
        footer = {"%nExamples:%n"
                + "  bin/monocoque recv -t PULL -b tcp://127.0.0.1:5555 --count 10%n"
                + "  bin/monocoque recv -t SUB -c tcp://127.0.0.1:5556 --subscribe weather. --timeout 5000"})
final class RecvCommand implements Runnable {
    @Mixin
    SocketArgs socketArgs;

    @Option(names = {"-s", "--subscribe"}, description = "SUB: prefix to subscribe to (repeatable; default: everything).")
    List<String> subscribe = new ArrayList<>();

    @Option(names = "--count", defaultValue = "0", description = "Stop after this many messages (0: no limit).")
    long count;

    @Option(names = "--timeout", defaultValue = "0", description = "Stop when no message arrives for this many ms "
            + "(0: wait forever). With --count, running out of time is an error.")
    long timeoutMillis;

    @Override
    public void run() {
        PrintStream out = System.out;
        try (Context ctx = new Context(); Socket s = socketArgs.open(ctx)) {
            if (socketArgs.type == SocketType.SUB) {
                if (subscribe.isEmpty()) {
                    s.subscribe("");
                }
                subscribe.forEach(s::subscribe);
            }
            long received = 0;
            while (count == 0 || received < count) {
                Msg m = timeoutMillis > 0 ? s.recv(Duration.ofMillis(timeoutMillis)) : s.recv();
                if (m == null) {
                    if (count > 0) {
                        throw new IllegalStateException("received " + received + " of " + count + " messages before a "
                                + timeoutMillis + " ms silence");
                    }
                    return;
                }
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < m.size(); i++) {
                    if (i > 0) {
                        line.append('\t');
                    }
                    line.append(socketArgs.encode(m.bytes(i)));
                }
                out.println(line);
                out.flush();
                received++;
            }
        }
    }
}
