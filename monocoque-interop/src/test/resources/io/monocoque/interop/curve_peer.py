"""libzmq side of the CURVE interop tests. Bounded: every wait has a timeout. Keys are Z85 text.

  curve_peer.py keypair            prints "<public> <secret>" from zmq.curve_keypair()
  curve_peer.py server-pull SECRET ALLOWED
        PULL, CURVE server; a ZAP handler on inproc://zeromq.zap.01 lets in the client key ALLOWED
        (or any key for "any"). Prints its endpoint, then "ok user=<User-Id>" once the whole test
        sequence arrived intact and in order, "bad <reason>" or "timeout".
  curve_peer.py client-push ENDPOINT SERVERKEY PUBLIC SECRET
        PUSH, CURVE client; sends the test sequence, prints "sent".
  curve_peer.py server-pub SECRET
        PUB, CURVE server with heartbeats; prints its endpoint, then publishes "sports"/"weather"
        pairs for up to 8 s (until a line arrives on stdin).
  curve_peer.py client-sub ENDPOINT SERVERKEY PUBLIC SECRET
        SUB to "weather", CURVE client with heartbeats; prints "ok" after 20 weather messages and
        none of anything else, "bad <reason>" or "timeout".

The test sequence: [b"first", b"", BIG] (BIG = 1 MiB, octet i = i*31 mod 256), then b"0".."9999",
then [b"end", 1000 * b"x"].
"""
import sys
import threading
import time
import zmq
import zmq.utils.z85

COUNT = 10000
BIG = bytes((i * 31) & 0xFF for i in range(1 << 20))


def sequence():
    yield [b"first", b"", BIG]
    for i in range(COUNT):
        yield [str(i).encode()]
    yield [b"end", b"x" * 1000]


def zap_handler(ctx, allowed, ready):
    rep = ctx.socket(zmq.REP)
    rep.linger = 0
    rep.bind("inproc://zeromq.zap.01")
    ready.set()
    try:
        while True:
            frames = rep.recv_multipart()
            version, request_id, domain, address, identity, mechanism = frames[:6]
            key = zmq.utils.z85.encode(frames[6]).decode() if mechanism == b"CURVE" else ""
            ok = mechanism == b"CURVE" and (allowed == "any" or key == allowed)
            rep.send_multipart([version, request_id, b"200" if ok else b"400",
                                b"OK" if ok else b"unknown key", b"curve-user" if ok else b"", b""])
    except zmq.ContextTerminated:
        rep.close()


def curve_client(sock, server_key, public, secret):
    sock.curve_serverkey = server_key.encode()
    sock.curve_publickey = public.encode()
    sock.curve_secretkey = secret.encode()


ctx = zmq.Context()
role = sys.argv[1]
if role == "keypair":
    public, secret = zmq.curve_keypair()
    print(public.decode(), secret.decode(), flush=True)
elif role == "server-pull":
    ready = threading.Event()
    threading.Thread(target=zap_handler, args=(ctx, sys.argv[3], ready), daemon=True).start()
    ready.wait(5)
    pull = ctx.socket(zmq.PULL)
    pull.linger = 0
    pull.curve_server = True
    pull.curve_secretkey = sys.argv[2].encode()
    pull.rcvtimeo = 8000
    pull.bind("tcp://127.0.0.1:*")
    print(pull.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
    result, user = "ok", None
    try:
        for expected in sequence():
            frames = pull.recv_multipart(copy=False)
            if user is None:
                user = frames[0].get("User-Id")
            got = [f.bytes for f in frames]
            if got != expected:
                result = "bad got %r..." % (got[0][:20],)
                break
        print(result if result != "ok" else "ok user=%s" % user, flush=True)
    except zmq.Again:
        print("timeout", flush=True)
    pull.close(0)
elif role == "client-push":
    push = ctx.socket(zmq.PUSH)
    push.linger = 10000
    curve_client(push, *sys.argv[3:6])
    push.connect(sys.argv[2])
    for m in sequence():
        push.send_multipart(m)
    print("sent", flush=True)
    push.close()
elif role == "server-pub":
    pub = ctx.socket(zmq.PUB)
    pub.linger = 0
    pub.curve_server = True
    pub.curve_secretkey = sys.argv[2].encode()
    pub.heartbeat_ivl = 100
    pub.heartbeat_timeout = 1000
    pub.bind("tcp://127.0.0.1:*")
    print(pub.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
    poller = zmq.Poller()
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    deadline = time.time() + 8
    n = 0
    while time.time() < deadline and not stop.is_set():
        pub.send_multipart([b"sports", str(n).encode()])
        pub.send_multipart([b"weather", str(n).encode()])
        n += 1
        time.sleep(0.01)
    pub.close(0)
elif role == "client-sub":
    sub = ctx.socket(zmq.SUB)
    sub.linger = 0
    curve_client(sub, *sys.argv[3:6])
    sub.heartbeat_ivl = 100
    sub.heartbeat_timeout = 1000
    sub.rcvtimeo = 8000
    sub.setsockopt(zmq.SUBSCRIBE, b"weather")
    sub.connect(sys.argv[2])
    try:
        result = "ok"
        for _ in range(20):
            frames = sub.recv_multipart()
            if frames[0] != b"weather":
                result = "bad topic %r" % frames[0]
                break
        print(result, flush=True)
    except zmq.Again:
        print("timeout", flush=True)
    sub.close(0)
ctx.term()
