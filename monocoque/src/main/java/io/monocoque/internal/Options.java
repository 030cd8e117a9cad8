package io.monocoque.internal;

import io.monocoque.SocketOption;

/**
 * A socket's option values, stored by {@link SocketOption#ordinal()}. Values are validated by
 * {@code Socket.set} before they get here. The socket takes a {@link #copy()} at each bind and
 * connect, as libzmq applies options to later endpoints only; a copy is never mutated, so the
 * I/O thread reads it without locks.
 */
public final class Options {
    private final Object[] values;

    public Options() {
        var all = SocketOption.values();
        values = new Object[all.size()];
        for (SocketOption<?> o : all) {
            values[o.ordinal()] = o.defaultValue();
        }
    }

    private Options(Object[] values) {
        this.values = values.clone();
    }

    public <T> T get(SocketOption<T> option) {
        T v = option.type().cast(values[option.ordinal()]);
        return v instanceof byte[] b ? option.type().cast(b.clone()) : v;
    }

    public <T> void set(SocketOption<T> option, T value) {
        values[option.ordinal()] = value;
    }

    public int getInt(SocketOption<Integer> option) {
        return (Integer) values[option.ordinal()];
    }

    public boolean getBool(SocketOption<Boolean> option) {
        return (Boolean) values[option.ordinal()];
    }

    public long getLong(SocketOption<Long> option) {
        return (Long) values[option.ordinal()];
    }

    /** A snapshot for the I/O thread. */
    public Options copy() {
        return new Options(values);
    }
}
