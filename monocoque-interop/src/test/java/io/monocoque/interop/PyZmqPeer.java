package io.monocoque.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A libzmq peer: {@code peer.py} (a test resource) run by {@code /usr/bin/python3}, the only
 * interpreter that sees Debian's {@code python3-zmq}. It speaks JSON lines on standard output (see
 * the script's docstring) and is killed on {@link #close()}.
 */
final class PyZmqPeer implements InteropPeer {
    static final String PYTHON = "/usr/bin/python3";
    static final InteropPeer.Factory FACTORY = PyZmqPeer::start;
    private static final Duration START_WAIT = Duration.ofSeconds(15);
    private static volatile String unavailable;
    private static volatile boolean checked;

    private final PeerProcess process;
    private final String endpoint;
    private final Set<String> events = new HashSet<>();
    /** Every event line so far, in order: name and data ("" when it had none). */
    private final List<String[]> eventLog = new ArrayList<>();
    private Map<String, Object> outcome;

    private PyZmqPeer(PeerProcess process) throws InterruptedException {
        this.process = process;
        try {
            Map<String, Object> first = next(START_WAIT, "its endpoint");
            if (first == null || !(first.get("endpoint") instanceof String ep)) {
                throw new AssertionError(process + " did not report an endpoint: " + first + "\nstderr:\n" + process.stderr());
            }
            this.endpoint = ep;
        } catch (AssertionError | RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
    }

    /**
     * The one check every pyzmq test makes first, in a {@code @BeforeEach} so that each skip shows:
     * {@code /usr/bin/python3} can import zmq. Without it the test is skipped with a message saying
     * how to install pyzmq, except with CI=true (or -Dmonocoque.interop.required=true), where it
     * fails.
     */
    static void assumeAvailable() {
        if (!checked) {
            unavailable = probePython();
            checked = true;
        }
        String why = unavailable;
        if (why == null) {
            return;
        }
        String message = "libzmq interop needs pyzmq for " + PYTHON + " (apt-get install python3-zmq): " + why;
        if ("true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("monocoque.interop.required")) {
            fail("Interop tests may not be skipped here (CI=true). " + message);
        }
        Assumptions.abort(message);
    }

    /** Starts {@code peer.py} with {@code spec}; returns once it bound or connected. */
    static PyZmqPeer start(PeerSpec spec) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script().toString(),
                spec.role().name().toLowerCase(Locale.ROOT), spec.type().name(), spec.bind() ? "bind" : "connect",
                spec.endpoint(), "--count", Integer.toString(spec.sequence())));
        if (spec.routingId() != null) {
            command.add("--routing-id");
            command.add(Script.hex(spec.routingId()));
        }
        if (spec.envelope()) {
            command.add("--envelope");
        }
        if (spec.feed() != null) {
            command.addAll(spec.feed().peerArguments());
        }
        String name = "pyzmq-" + spec.type() + "-" + spec.role().name().toLowerCase(Locale.ROOT);
        // The pub/sub roles read commands ("go", "quit") on standard input.
        return new PyZmqPeer(PeerProcess.start(name, command, spec.feed() != null));
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public boolean awaitProbe(Duration timeout) throws InterruptedException {
        return awaitEvent("probe", timeout);
    }

    /** Waits until the peer printed {@code {"event": name}}; false when it did not in time. */
    boolean awaitEvent(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!events.contains(name) && outcome == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            next(Duration.ofNanos(left), "event " + name);
        }
        return events.contains(name);
    }

    @Override
    public PeerResult awaitResult(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outcome == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(process + " reported no result within " + timeout + "\nstderr:\n" + process.stderr());
            }
            next(Duration.ofNanos(left), "its result");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) outcome.get("result");
        return new PeerResult(fields);
    }

    @Override
    public void tell(String command) {
        try {
            process.tell(command);
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Override
    public List<String> awaitEvents(String name, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> data = eventLog.stream().filter(e -> e[0].equals(name)).map(e -> e[1]).toList();
            long left = deadline - System.nanoTime();
            if (data.size() >= n || left <= 0) {
                return data;
            }
            next(Duration.ofNanos(left), n + " event(s) " + name);
        }
    }

    /** Kills the process as a crash would (SIGKILL): nothing is flushed. */
    void kill() throws InterruptedException {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }

    /**
     * Reads the next line, if one comes in time, and records events and the result.
     *
     * @throws AssertionError when the peer reported an error, ended, or printed something else
     */
    private Map<String, Object> next(Duration timeout, String waitingFor) throws InterruptedException {
        String line;
        try {
            line = process.nextLine(timeout);
        } catch (IllegalStateException ended) {
            throw new AssertionError("while waiting for " + waitingFor + ": " + ended.getMessage(), ended);
        }
        if (line == null) {
            return null;
        }
        Map<String, Object> m;
        try {
            m = Json.parseObject(line);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(process + " printed something that is not a JSON object: " + line
                    + "\nstderr:\n" + process.stderr(), e);
        }
        if (m.get("event") instanceof String event) {
            events.add(event);
            eventLog.add(new String[] {event, m.get("data") instanceof String d ? d : ""});
        }
        if (m.containsKey("error")) {
            throw new AssertionError(process + " failed: " + m.get("error") + "\nstderr:\n" + process.stderr());
        }
        if (m.containsKey("result")) {
            outcome = m;
        }
        return m;
    }

    /** Why pyzmq cannot be used, or null when {@code /usr/bin/python3 -c "import zmq"} works. */
    private static String probePython() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " does not exist";
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import zmq; print(zmq.zmq_version())")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes()).trim();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "'import zmq' did not finish in 30 s";
            }
            return p.exitValue() == 0 ? null : "'import zmq' failed: " + out;
        } catch (IOException e) {
            return "cannot run " + PYTHON + ": " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking for pyzmq";
        }
    }

    /** peer.py as a file: straight from the test class path, or copied out of a jar. */
    private static Path script() {
        URL url = PyZmqPeer.class.getResource("peer.py");
        if (url == null) {
            throw new IllegalStateException("peer.py is missing from the test class path");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            Path copy = Files.createTempFile("monocoque-peer", ".py");
            copy.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
