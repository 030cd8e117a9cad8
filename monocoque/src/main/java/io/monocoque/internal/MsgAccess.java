package io.monocoque.internal;

import io.monocoque.Msg;

/**
 * Copy-free access to {@link Msg} internals for Monocoque's own code (the "shared secrets"
 * pattern of the JDK): the engine reads frame arrays without copying and builds messages from
 * freshly decoded arrays without copying. Frames reached through here must never be modified.
 */
public abstract class MsgAccess {
    private static volatile MsgAccess instance;

    /** Called once by {@link Msg}'s static initializer. */
    public static void install(MsgAccess access) {
        instance = access;
    }

    /** The installed accessor, initialising {@link Msg} if needed. */
    public static MsgAccess get() {
        MsgAccess a = instance;
        if (a == null) {
            Msg.of(new byte[0]); // triggers Msg's static initializer
            a = instance;
        }
        return a;
    }

    /** Frame {@code i} itself, not a copy. Read-only by contract. */
    public abstract byte[] frame(Msg msg, int i);

    /** A message owning {@code frames} (no copy). */
    public abstract Msg adopt(byte[][] frames);

    /** A message owning {@code frames}, carrying its connection's {@code properties}. */
    public abstract Msg adopt(byte[][] frames, java.util.Map<String, String> properties);

    /** A one-frame message adopting {@code frame}, with connection properties (may be null). */
    public abstract Msg adopt(byte[] frame, java.util.Map<String, String> properties);

    /** {@code msg} with {@code frame} in front. */
    public abstract Msg prepend(byte[] frame, Msg msg);

    /** {@code msg} without its first {@code n} frames. */
    public abstract Msg dropFirst(Msg msg, int n);
}
