package io.monocoque.cli;

import io.monocoque.Context;
import io.monocoque.Socket;
import io.monocoque.SocketType;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by {@code send} and {@code recv}: socket type, endpoints, frame encoding. */
final class SocketArgs {
    @Option(names = {"-t", "--type"}, required = true, description = "Socket type: ${COMPLETION-CANDIDATES}.")
    SocketType type;

    @Option(names = {"-b", "--bind"}, description = "Endpoint to bind (repeatable).")
    List<String> bind = new ArrayList<>();

    @Option(names = {"-c", "--connect"}, description = "Endpoint to connect (repeatable).")
    List<String> connect = new ArrayList<>();

    @Option(names = "--hex", description = "Frames are hexadecimal instead of UTF-8 text.")
    boolean hex;

    /** Opens the socket and applies the endpoints. */
    Socket open(Context ctx) {
        if (bind.isEmpty() && connect.isEmpty()) {
            throw new IllegalArgumentException("give at least one --bind or --connect endpoint");
        }
        Socket s = ctx.socket(type);
        for (String ep : bind) {
            s.bind(ep);
        }
        for (String ep : connect) {
            s.connect(ep);
        }
        return s;
    }

    byte[] decode(String frame) {
        return hex ? HexFormat.of().parseHex(frame) : frame.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    String encode(byte[] frame) {
        return hex ? HexFormat.of().formatHex(frame) : new String(frame, java.nio.charset.StandardCharsets.UTF_8);
    }
}
