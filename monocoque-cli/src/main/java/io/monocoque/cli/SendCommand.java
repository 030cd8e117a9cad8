package io.monocoque.cli;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.Socket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code monocoque send}: sends one message (frames as arguments) or one per line of stdin. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Sends a message whose frames are the arguments, or, without arguments, one message per line of "
                + "standard input (frames separated by tabs). Waits until everything is sent (linger).",
        footer = {"%nExamples:%n"
                + "  bin/monocoque send -t PUSH -c tcp://127.0.0.1:5555 hello world%n"
                + "  printf 'a\\tb\\nc\\n' | bin/monocoque send -t PUSH -c tcp://127.0.0.1:5555"})
final class SendCommand implements Runnable {
    @Mixin
    SocketArgs socketArgs;

    @Option(names = "--count", defaultValue = "1", description = "Send the argument message this many times (default ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--delay", defaultValue = "0", description = "Milliseconds to wait after connecting before sending "
            + "(lets PUB subscribers join; default ${DEFAULT-VALUE}).")
    long delayMillis;

    @Option(names = "--timeout", defaultValue = "10000", description = "Give up a send blocked this many ms (default ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Parameters(paramLabel = "FRAME", description = "Frames of the message to send.")
    List<String> frames = new ArrayList<>();

    @Override
    public void run() {
        try (Context ctx = new Context(); Socket s = socketArgs.open(ctx)) {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis); // explicitly asked for by the user
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!frames.isEmpty()) {
                Msg m = Msg.wrap(frames.stream().map(socketArgs::decode).toArray(byte[][]::new));
                for (long i = 0; i < count; i++) {
                    send(s, m);
                }
                return;
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    send(s, Msg.wrap(java.util.Arrays.stream(line.split("\t", -1)).map(socketArgs::decode).toArray(byte[][]::new)));
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read standard input: " + e.getMessage(), e);
            }
        }
    }

    private void send(Socket s, Msg m) {
        if (!s.send(m, Duration.ofMillis(timeoutMillis))) {
            throw new IllegalStateException("could not send within " + timeoutMillis + " ms: no peer is ready (is the other side running?)");
        }
    }
}
