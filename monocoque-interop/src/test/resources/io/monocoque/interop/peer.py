#!/usr/bin/python3
"""A libzmq peer (through pyzmq) for Monocoque's interop tests: one socket playing one role.

Usage: peer.py ROLE TYPE bind|connect ENDPOINT [--count N] [--routing-id HEX] [--envelope]
       peer.py subscribe|publish TYPE bind|connect ENDPOINT [--count N] [--subscribe PREFIX]...
               [--topic TOPIC]... [--invert] [--unsubscribe]

Roles (the Java twin is JeroMqPeer; the messages are Script.java's, see script() below):
  serve   echo every message back as received (REP, ROUTER, DEALER, PAIR) until COUNT+4
          script messages were echoed; probes are echoed too but not counted
  sink    receive the script (PULL) and compare it with what was expected
  client  send a probe, wait for its echo (unless PUSH), then send the script and compare the
          echoes (REQ lock-step, DEALER/PAIR with up to WINDOW messages outstanding)
  tally   receive single frames "TAG-N" until "END" and report, per tag, count, first, last and
          whether N only went up (for the reconnect test)

Pub/sub roles (the Java twin of their feed is PubSubFeed.java, see Feed below):
  subscribe  SUB or XSUB: subscribe to every --subscribe prefix (XSUB: send 0x01+prefix), receive
             until the end message and compare what came with the feed messages that should pass
             (those a prefix matches; with --invert those none matches); with --unsubscribe then
             unsubscribe every prefix (XSUB: send 0x00+prefix), report, and hold the socket open
  publish    PUB or XPUB: publish the probe every PROBE_EVERY_MS until "go" comes on standard
             input, then the COUNT feed messages and the end message, and report; an XPUB then
             holds its socket open. An XPUB reports each message it receives (the subscriptions)
             as {"event": "subscription", "data": HEX}, from start to end. SNDHWM is 0, so
             nothing is dropped and the subscriber can check the count
  A socket held open stays so until standard input says "quit" or ends, or the overall deadline;
  --invert also sets INVERT_MATCHING on a PUB, XPUB or SUB (libzmq's XSUB does not filter).

Standard output carries one JSON object a line, flushed at once:
  {"endpoint": "..."}      once the socket is bound (the resolved endpoint) or connected
  {"event": "probe"}       sink: the first probe arrived
  {"event": "first"}       tally: the first message arrived
  {"event": "probe"}       subscribe: the first probe arrived
  {"event": "unsubscribed"} subscribe --unsubscribe: every prefix was unsubscribed
  {"event": "subscription", "data": "01..."}  publish by an XPUB: a message the XPUB received
  {"result": {...}}        the role is done; then the process exits 0 (after holding its socket,
                           if it holds it)
  {"error": "..."}         something failed or timed out; then the process exits 1
Every wait is bounded (RCVTIMEO/SNDTIMEO and an overall deadline), so the peer never hangs a test.
"""
import argparse
import json
import os
import sys
import time

import zmq

PROBE = b"__probe__"
WINDOW = 100
IO_TIMEOUT_MS = 20000
OVERALL_SECONDS = 120
LINGER_MS = 5000

PROBE_EVERY_MS = 10

TYPES = {name: getattr(zmq, name) for name in ("PAIR", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH",
                                               "PUB", "SUB", "XPUB", "XSUB")}


class PeerError(Exception):
    pass


def script(count):
    """The script: multipart, 1 MiB, empty frame inside, empty single frame, then COUNT sequence messages."""
    yield [b"frame-a", b"frame-b", b"frame-c"]
    base = bytes(((j * 31 + 7) & 0xFF) for j in range(256))
    yield [base * 4096]
    yield [b"head", b"", b"tail"]
    yield [b""]
    for i in range(count):
        yield [b"seq-%d" % i]


class Feed:
    """What a publisher sends and a subscriber expects; PubSubFeed.java makes the same messages.

    Message i has the first frame TOPIC#i (TOPIC = topics[i % len(topics)]) and, by i % 3, no
    other frame, a body "body-i", or an empty frame and the body. A message passes when a
    subscription prefixes its first frame (with invert: when none does). The probe and the end
    message are one frame: the last subscription + "__probe__" and the first subscription +
    "__end__" (with invert: "__probe__" and "__end__"), so that they pass too."""

    def __init__(self, subscriptions, topics, count, invert):
        self.subscriptions = [p.encode() for p in subscriptions]
        self.topics = [t.encode() for t in topics]
        self.count = count
        self.invert = invert
        self.probe = (b"" if invert else self.subscriptions[-1]) + b"__probe__"
        self.end = (b"" if invert else self.subscriptions[0]) + b"__end__"

    def message(self, i):
        first = self.topics[i % len(self.topics)] + b"#%d" % i
        body = b"body-%d" % i
        return [[first], [first, body], [first, b"", body]][i % 3]

    def passes(self, i):
        first = self.topics[i % len(self.topics)] + b"#%d" % i
        return any(first.startswith(p) for p in self.subscriptions) != self.invert

    def expected(self):
        return (self.message(i) for i in range(self.count) if self.passes(i))


def emit(obj):
    print(json.dumps(obj), flush=True)


def describe(frames):
    return "[" + ", ".join("%d B %s" % (len(f), f[:16].hex()) for f in frames) + "]"


def is_probe(frames):
    return frames[-1] == PROBE


class Peer:
    def __init__(self, args):
        self.args = args
        self.deadline = time.monotonic() + OVERALL_SECONDS
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(TYPES[args.type])
        self.sock.setsockopt(zmq.LINGER, LINGER_MS)
        self.sock.setsockopt(zmq.RCVTIMEO, IO_TIMEOUT_MS)
        self.sock.setsockopt(zmq.SNDTIMEO, IO_TIMEOUT_MS)
        if args.routing_id:
            self.sock.setsockopt(zmq.ROUTING_ID, bytes.fromhex(args.routing_id))
        self.feed = Feed(args.subscribe, args.topic, args.count, args.invert) if args.subscribe else None
        if args.type in ("PUB", "XPUB"):
            self.sock.setsockopt(zmq.SNDHWM, 0)  # nothing dropped: the subscriber checks the count
        if args.invert and args.type in ("PUB", "XPUB", "SUB"):
            self.sock.setsockopt(zmq.INVERT_MATCHING, 1)
        self.subscriptions = []
        self.stdin = b""
        self.stdin_ended = False

    def open(self):
        if self.args.mode == "bind":
            # A restarted peer rebinds the port of its predecessor: retry while the kernel frees it.
            until = time.monotonic() + 10
            while True:
                try:
                    self.sock.bind(self.args.endpoint)
                    break
                except zmq.ZMQError as e:
                    if e.errno != zmq.EADDRINUSE or time.monotonic() > until:
                        raise
                    time.sleep(0.05)
            endpoint = self.sock.getsockopt(zmq.LAST_ENDPOINT).decode()
        else:
            self.sock.connect(self.args.endpoint)
            endpoint = self.args.endpoint
        emit({"endpoint": endpoint})

    def recv(self, what):
        if time.monotonic() > self.deadline:
            raise PeerError("overall deadline of %d s passed while waiting for %s" % (OVERALL_SECONDS, what))
        try:
            return self.sock.recv_multipart()
        except zmq.Again:
            raise PeerError("nothing received in %d ms while waiting for %s" % (IO_TIMEOUT_MS, what))

    def send(self, frames, what):
        try:
            self.sock.send_multipart(frames)
        except zmq.Again:
            raise PeerError("could not send %s in %d ms" % (what, IO_TIMEOUT_MS))

    def close(self):
        self.sock.close()  # LINGER_MS bounds the flush of what is still queued
        self.ctx.term()

    def serve(self):
        total = self.args.count + 4
        count, first, ids = 0, None, []
        while count < total:
            msg = self.recv("message %d of %d" % (count, total))
            self.send(msg, "the echo of message %d" % count)
            if is_probe(msg):
                continue
            if first is None:
                first = [f.hex() for f in msg]
            if self.args.type == "ROUTER" and msg[0].hex() not in ids:
                ids.append(msg[0].hex())
            count += 1
        return {"count": count, "first": first, "routing_ids": ids}

    def sink(self):
        count, mismatches, first_mismatch, probed = 0, 0, None, False
        for expected in script(self.args.count):
            while True:
                msg = self.recv("message %d" % count)
                if not is_probe(msg):
                    break
                if not probed:
                    probed = True
                    emit({"event": "probe"})
            if msg != expected:
                mismatches += 1
                if first_mismatch is None:
                    first_mismatch = "message %d: expected %s, got %s" % (count, describe(expected), describe(msg))
            count += 1
        return {"count": count, "mismatches": mismatches, "first_mismatch": first_mismatch}

    def client(self):
        envelope = [b""] if self.args.envelope else []
        replies = self.args.type != "PUSH"
        window = 1 if self.args.type == "REQ" else WINDOW
        self.send(envelope + [PROBE], "the probe")
        if replies:
            echo = self.recv("the echo of the probe")
            if echo != envelope + [PROBE]:
                raise PeerError("the probe came back as %s" % describe(echo))
        messages = list(script(self.args.count))
        sent, received, mismatches, first_mismatch = 0, 0, 0, None
        while sent < len(messages) or (replies and received < len(messages)):
            while sent < len(messages) and (not replies or sent - received < window):
                self.send(envelope + messages[sent], "message %d" % sent)
                sent += 1
            if replies:
                echo = self.recv("the echo of message %d" % received)
                body = echo[len(envelope):] if echo[:len(envelope)] == envelope else None
                if body != messages[received]:
                    mismatches += 1
                    if first_mismatch is None:
                        first_mismatch = "echo %d: expected %s, got %s" % (
                            received, describe(envelope + messages[received]), describe(echo))
                received += 1
        return {"count": received if replies else sent, "mismatches": mismatches, "first_mismatch": first_mismatch}

    def tally(self):
        tags, first = {}, True
        while True:
            msg = self.recv("a message or END")
            if first:
                first = False
                emit({"event": "first"})
            if len(msg) != 1:
                raise PeerError("expected one frame, got %s" % describe(msg))
            if msg[0] == b"END":
                return {"tags": tags}
            tag, _, n = msg[0].decode().partition("-")
            n = int(n)
            t = tags.setdefault(tag, {"count": 0, "first": n, "last": None, "increasing": True})
            if t["last"] is not None and n <= t["last"]:
                t["increasing"] = False
            t["count"] += 1
            t["last"] = n


    # --- pub/sub roles -----------------------------------------------------------------------

    def set_subscription(self, prefix, on):
        if self.args.type == "SUB":
            self.sock.setsockopt(zmq.SUBSCRIBE if on else zmq.UNSUBSCRIBE, prefix)
        else:  # XSUB
            self.send([(b"\x01" if on else b"\x00") + prefix], "a subscription")

    def subscribe(self):
        feed = self.need_feed()
        for p in feed.subscriptions:
            self.set_subscription(p, True)
        expected = feed.expected()
        count, mismatches, first_mismatch, probes = 0, 0, None, 0
        while True:
            msg = self.recv("message %d of the feed or its end" % count)
            if msg == [feed.probe]:
                probes += 1
                if probes == 1:
                    emit({"event": "probe"})
                continue
            if msg == [feed.end]:
                break
            want = next(expected, None)
            if msg != want:
                mismatches += 1
                if first_mismatch is None:
                    first_mismatch = "message %d: expected %s, got %s" % (
                        count, "nothing more" if want is None else describe(want), describe(msg))
            count += 1
        if next(expected, None) is not None:
            mismatches += 1
            if first_mismatch is None:
                first_mismatch = "the end came after %d messages, more were expected" % count
        if self.args.unsubscribe:
            for p in feed.subscriptions:
                self.set_subscription(p, False)
            emit({"event": "unsubscribed"})
        return {"count": count, "mismatches": mismatches, "first_mismatch": first_mismatch, "probes": probes}

    def publish(self):
        feed = self.need_feed()
        poller = zmq.Poller()
        poller.register(0, zmq.POLLIN)
        if self.args.type == "XPUB":
            poller.register(self.sock, zmq.POLLIN)
        next_probe = 0
        while "go" not in self.commands():
            if time.monotonic() > self.deadline:
                raise PeerError("no go within the overall deadline of %d s" % OVERALL_SECONDS)
            if self.stdin_ended:
                raise PeerError("standard input ended before go")
            now = time.monotonic()
            if now >= next_probe:
                self.send([feed.probe], "the probe")
                next_probe = now + PROBE_EVERY_MS / 1000
            self.poll(poller, PROBE_EVERY_MS)
        for i in range(feed.count):
            self.send(feed.message(i), "message %d" % i)
        self.send([feed.end], "the end message")
        self.report_subscriptions()
        return {"count": feed.count, "subscriptions": [s.hex() for s in self.subscriptions]}

    def holds(self):
        return self.args.type == "XPUB" or (self.args.role == "subscribe" and self.args.unsubscribe)

    def hold(self):
        """Keeps the socket open (an XPUB reporting subscriptions) until "quit", EOF or the deadline."""
        poller = zmq.Poller()
        poller.register(0, zmq.POLLIN)
        if self.args.type == "XPUB":
            poller.register(self.sock, zmq.POLLIN)
        while "quit" not in self.commands() and not self.stdin_ended and time.monotonic() < self.deadline:
            self.poll(poller, 100)

    def poll(self, poller, timeout_ms):
        ready = dict(poller.poll(timeout_ms))
        if ready.get(0):
            data = os.read(0, 4096)
            if not data:
                self.stdin_ended = True
                poller.unregister(0)
            self.stdin += data
        if ready.get(self.sock):
            self.report_subscriptions()

    def commands(self):
        return self.stdin.decode().split()

    def report_subscriptions(self):
        if self.args.type != "XPUB":
            return
        while True:
            try:
                msg = self.sock.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return
            data = b"".join(msg)
            self.subscriptions.append(data)
            emit({"event": "subscription", "data": data.hex()})

    def need_feed(self):
        if self.feed is None:
            raise PeerError("the %s role needs at least one --subscribe" % self.args.role)
        return self.feed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("role", choices=("serve", "sink", "client", "tally", "subscribe", "publish"))
    parser.add_argument("type", choices=sorted(TYPES))
    parser.add_argument("mode", choices=("bind", "connect"))
    parser.add_argument("endpoint")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--routing-id", default="")
    parser.add_argument("--envelope", action="store_true")
    parser.add_argument("--subscribe", action="append", default=[], help="a prefix subscribed to (repeat)")
    parser.add_argument("--topic", action="append", default=[], help="a topic the feed cycles through (repeat)")
    parser.add_argument("--invert", action="store_true", help="inverted matching")
    parser.add_argument("--unsubscribe", action="store_true", help="subscribe: unsubscribe at the end, then hold")
    args = parser.parse_args()
    peer = Peer(args)
    try:
        peer.open()
        result = getattr(peer, args.role)()
    except (PeerError, zmq.ZMQError) as e:
        emit({"error": "%s %s: %s" % (args.type, args.role, e)})
        peer.sock.close(linger=0)
        peer.ctx.term()
        return 1
    emit({"result": result})
    if peer.holds():
        peer.hold()
    peer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
