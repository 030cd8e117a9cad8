package io.monocoque;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An immutable multipart message: one or more frames, sent and received atomically.
 *
 * <p>Frames are never modified after construction, so one {@code Msg} can be sent many times,
 * from several threads, and fanned out to many peers without copying. {@link #of(byte[]...)}
 * copies the caller's arrays; {@link #wrap(byte[]...)} adopts them without a copy (the caller
 * promises not to modify them). {@link #bytes(int)} returns a copy; {@link #buffer(int)} a
 * read-only view for zero-copy readers.
 */
public final class Msg {
    private static final byte[] EMPTY = new byte[0];

    static {
        io.monocoque.internal.MsgAccess.install(new io.monocoque.internal.MsgAccess() {
            @Override
            public byte[] frame(Msg msg, int i) {
                return msg.frame(i);
            }

            @Override
            public Msg adopt(byte[] frame, Map<String, String> properties) {
                return new Msg(frame, properties);
            }

            @Override
            public Msg adopt(byte[][] frames) {
                return new Msg(frames);
            }

            @Override
            public Msg adopt(byte[][] frames, Map<String, String> properties) {
                return new Msg(frames, properties);
            }

            @Override
            public Msg prepend(byte[] frame, Msg msg) {
                return msg.prepend(frame);
            }

            @Override
            public Msg dropFirst(Msg msg, int n) {
                return msg.dropFirst(n);
            }
        });
    }

    /** The frames of a multipart message; null for a one-frame message, which keeps {@link #single}. */
    private final byte[][] frames;
    /** The frame of a one-frame message (the common case: one array fewer per received message). */
    private final byte[] single;
    /** Properties of the connection the message came from (User-Id, Peer-Address, ...); null when sent locally. */
    private final Map<String, String> properties;

    private Msg(byte[][] frames) {
        this(frames, null);
    }

    private Msg(byte[][] frames, Map<String, String> properties) {
        if (frames.length == 0) {
            throw new IllegalArgumentException("a message has at least one frame");
        }
        if (frames.length == 1) {
            this.frames = null;
            this.single = frames[0];
        } else {
            this.frames = frames;
            this.single = null;
        }
        this.properties = properties;
    }

    private Msg(byte[] single, Map<String, String> properties) {
        this.frames = null;
        this.single = single;
        this.properties = properties;
    }

    /** Frame {@code i}, shared. */
    private byte[] frame(int i) {
        if (frames != null) {
            return frames[i];
        }
        if (i != 0) {
            throw new IndexOutOfBoundsException("frame " + i + " of a one-frame message");
        }
        return single;
    }

    /** All frames, shared (a new array for a one-frame message). */
    private byte[][] allFrames() {
        return frames != null ? frames : new byte[][] {single};
    }

    /** A message of copies of {@code frames}. */
    public static Msg of(byte[]... frames) {
        byte[][] copy = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            copy[i] = frames[i].length == 0 ? EMPTY : frames[i].clone();
        }
        return new Msg(copy);
    }

    /** A message of UTF-8 frames. */
    public static Msg of(String... frames) {
        byte[][] bytes = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            bytes[i] = frames[i].getBytes(StandardCharsets.UTF_8);
        }
        return new Msg(bytes);
    }

    /**
     * A message that adopts {@code frames} without copying. The caller must not modify the
     * arrays afterwards.
     */
    public static Msg wrap(byte[]... frames) {
        return new Msg(frames.clone());
    }

    /** A message adopting a list of frames without copying them. */
    public static Msg wrap(List<byte[]> frames) {
        return new Msg(frames.toArray(new byte[0][]));
    }

    /** Number of frames. */
    public int size() {
        return frames != null ? frames.length : 1;
    }

    /** A copy of frame {@code i}. */
    public byte[] bytes(int i) {
        return frame(i).clone();
    }

    /** Frame {@code i} decoded as UTF-8. */
    public String string(int i) {
        return new String(frame(i), StandardCharsets.UTF_8);
    }

    /** A read-only view of frame {@code i}, sharing the message's bytes. */
    public ByteBuffer buffer(int i) {
        return ByteBuffer.wrap(frame(i)).asReadOnlyBuffer();
    }

    /** Length of frame {@code i} in bytes. */
    public int frameSize(int i) {
        return frame(i).length;
    }

    /** Sum of all frame lengths. */
    public long totalSize() {
        long n = 0;
        for (byte[] f : allFrames()) {
            n += f.length;
        }
        return n;
    }

    /**
     * A property of the connection this message arrived on, as libzmq's {@code zmq_msg_gets}:
     * {@code Socket-Type}, {@code Identity}, {@code Peer-Address}, and after authentication
     * {@code User-Id} and the ZAP handler's metadata. Names are case-insensitive.
     *
     * @return the value, or null when absent (always null for a message built locally)
     */
    public String property(String name) {
        if (properties == null) {
            return null;
        }
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Copies of all frames, in order. */
    public List<byte[]> frames() {
        List<byte[]> list = new ArrayList<>(size());
        for (byte[] f : allFrames()) {
            list.add(f.clone());
        }
        return Collections.unmodifiableList(list);
    }

    /** This message with {@code frame} added in front (the frame is adopted, not copied). */
    private Msg prepend(byte[] frame) {
        byte[][] all = allFrames();
        byte[][] f = new byte[all.length + 1][];
        f[0] = frame;
        System.arraycopy(all, 0, f, 1, all.length);
        return new Msg(f, properties);
    }

    /** This message without its first {@code n} frames. */
    private Msg dropFirst(int n) {
        byte[][] all = allFrames();
        return new Msg(Arrays.copyOfRange(all, n, all.length), properties);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Msg m && Arrays.deepEquals(m.allFrames(), allFrames());
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(allFrames());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Msg[");
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            byte[] f = frame(i);
            if (isPrintable(f)) {
                sb.append('"').append(new String(f, StandardCharsets.UTF_8)).append('"');
            } else {
                sb.append(f.length).append(" bytes");
            }
        }
        return sb.append(']').toString();
    }

    private static boolean isPrintable(byte[] f) {
        if (f.length > 64) {
            return false;
        }
        for (byte b : f) {
            if (b < 0x20 || b > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
