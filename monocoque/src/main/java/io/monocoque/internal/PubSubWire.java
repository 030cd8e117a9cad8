package io.monocoque.internal;

import io.monocoque.Msg;
import io.monocoque.SocketType;
import io.monocoque.zmtp.Command;
import io.monocoque.zmtp.FrameEncoder;
import io.monocoque.zmtp.FrameFlags;
import java.nio.ByteBuffer;

/**
 * How subscriptions cross the wire (RFC 29 / RFC 37). Inside Monocoque a subscription is a
 * one-frame message starting with {@code 0x01} (subscribe) or {@code 0x00} (cancel), as libzmq
 * does internally and as ZMTP 3.0 peers send it. To a ZMTP 3.1 peer it travels as a SUBSCRIBE or
 * CANCEL command; from one, those commands are turned back into the message form.
 */
public final class PubSubWire {
    private static final byte[] SUBSCRIBE = Command.Subscribe.NAME.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CANCEL = Command.Cancel.NAME.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private PubSubWire() {
    }

    /** Whether this socket type sends subscriptions upstream. */
    static boolean sendsSubscriptions(SocketType type) {
        return type == SocketType.SUB || type == SocketType.XSUB;
    }

    /** Whether this socket type receives subscriptions. */
    static boolean receivesSubscriptions(SocketType type) {
        return type == SocketType.PUB || type == SocketType.XPUB;
    }

    /** The message form of a SUBSCRIBE/CANCEL received by a publisher, or null for anything else. */
    static Msg toMessage(SocketType type, Command command) {
        if (!receivesSubscriptions(type)) {
            return null;
        }
        byte kind;
        byte[] topic;
        if (command instanceof Command.Subscribe s) {
            kind = 1;
            topic = s.topic();
        } else if (command instanceof Command.Cancel c) {
            kind = 0;
            topic = c.topic();
        } else {
            return null;
        }
        return message(kind == 1, topic);
    }

    /** The one-frame message form of a subscription ({@code 0x01} + prefix) or cancel ({@code 0x00} + prefix). */
    public static Msg message(boolean subscribe, byte[] prefix) {
        byte[] b = new byte[prefix.length + 1];
        b[0] = (byte) (subscribe ? 1 : 0);
        System.arraycopy(prefix, 0, b, 1, prefix.length);
        return MsgAccess.get().adopt(new byte[][] {b});
    }

    /** True for a one-frame message starting with 0x01 or 0x00. */
    public static boolean isSubscription(Msg m) {
        if (m.size() != 1) {
            return false;
        }
        byte[] f = MsgAccess.get().frame(m, 0);
        return f.length >= 1 && (f[0] == 0 || f[0] == 1);
    }

    /** Encoded size of the command for subscription message {@code m}. */
    static int commandSize(Msg m) {
        byte[] f = MsgAccess.get().frame(m, 0);
        int name = f[0] == 1 ? SUBSCRIBE.length : CANCEL.length;
        long body = 1 + name + (f.length - 1);
        return (int) FrameEncoder.frameSize(body);
    }

    /** The SUBSCRIBE or CANCEL command body (name and prefix) of subscription message {@code m}. */
    static byte[] commandBody(Msg m) {
        byte[] f = MsgAccess.get().frame(m, 0);
        byte[] name = f[0] == 1 ? SUBSCRIBE : CANCEL;
        byte[] body = new byte[1 + name.length + f.length - 1];
        body[0] = (byte) name.length;
        System.arraycopy(name, 0, body, 1, name.length);
        System.arraycopy(f, 1, body, 1 + name.length, f.length - 1);
        return body;
    }

    /** Writes subscription message {@code m} as a SUBSCRIBE or CANCEL command frame. */
    static void writeCommand(ByteBuffer dst, Msg m) {
        byte[] f = MsgAccess.get().frame(m, 0);
        byte[] name = f[0] == 1 ? SUBSCRIBE : CANCEL;
        FrameEncoder.writeHeader(dst, FrameFlags.COMMAND, 1 + name.length + (f.length - 1));
        dst.put((byte) name.length).put(name).put(f, 1, f.length - 1);
    }
}
