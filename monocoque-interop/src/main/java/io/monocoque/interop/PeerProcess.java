package io.monocoque.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A peer running in another process (e.g. a pyzmq script), driven through its standard streams:
 * standard output is read line by line ({@link #nextLine}), standard error is kept for failure
 * messages ({@link #stderr()}), standard input (when kept open) takes commands ({@link #tell}),
 * and {@link #close()} kills the process for sure, so a failing test never leaves a peer behind.
 *
 * <p>Threads: every method may be called from any thread. Two daemon threads per process drain
 * its output streams, so the peer never blocks on a full pipe.
 */
public final class PeerProcess implements AutoCloseable {
    /** Put in {@link #lines} when standard output ends; compared by identity. */
    private static final String END = new String("<end of output>");

    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Writer stdin;

    private PeerProcess(String name, Process process, boolean keepInput) throws IOException {
        this.name = name;
        this.process = process;
        if (keepInput) {
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        } else {
            process.getOutputStream().close();
            this.stdin = null;
        }
        drain(process.getInputStream(), "stdout", lines::add, () -> lines.add(END));
        drain(process.getErrorStream(), "stderr", line -> stderr.append(line).append('\n'), () -> { });
    }

    /**
     * Starts {@code command}; standard input is closed at once.
     *
     * @param name a short name for thread names and failure messages
     */
    public static PeerProcess start(String name, List<String> command) {
        return start(name, command, false);
    }

    /**
     * Starts {@code command}; standard input stays open for {@link #tell} when {@code keepInput},
     * else it is closed at once.
     *
     * @param name a short name for thread names and failure messages
     */
    public static PeerProcess start(String name, List<String> command, boolean keepInput) {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start peer " + name + ": " + String.join(" ", command), e);
        }
        try {
            return new PeerProcess(name, p, keepInput);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new UncheckedIOException("cannot set up peer " + name, e);
        }
    }

    /**
     * Writes {@code line} and a newline to the process's standard input, and flushes.
     *
     * @throws IllegalStateException when standard input was not kept open or the process is gone
     */
    public synchronized void tell(String line) {
        if (stdin == null) {
            throw new IllegalStateException("peer " + name + " was started without standard input");
        }
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot tell peer " + name + " '" + line + "' (" + exitDescription()
                    + "); stderr:\n" + stderr(), e);
        }
    }

    /**
     * The next line of standard output, waiting at most {@code timeout}.
     *
     * @return the line, or null when none came in time
     * @throws IllegalStateException when the output ended (the process exited or closed it); the
     *         message carries the exit code and standard error
     */
    public String nextLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == END) {
            lines.add(END); // later calls see the end too
            throw new IllegalStateException("peer " + name + " ended its output (" + exitDescription() + "); stderr:\n" + stderr());
        }
        return line;
    }

    /** What the process wrote to standard error so far. */
    public String stderr() {
        return stderr.toString();
    }

    /** Kills the process (SIGKILL) and waits up to 10 s for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "peer " + name + " (pid " + process.pid() + ")";
    }

    private String exitDescription() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return "exit code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "still running";
    }

    private void drain(InputStream in, String stream, Consumer<String> sink, Runnable atEnd) {
        Thread.ofPlatform().daemon().name("peer-" + name + "-" + stream).start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the process is gone; whatever it wrote has been delivered
            } finally {
                atEnd.run();
            }
        });
    }
}
