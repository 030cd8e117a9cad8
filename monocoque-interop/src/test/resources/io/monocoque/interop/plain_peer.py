"""libzmq side of the PLAIN interop tests. Bounded: every wait has a timeout.

  plain_peer.py server USER PASS   PULL, PLAIN server with a ZAP authenticator knowing USER/PASS;
                                   prints its endpoint, then "got=<body> user=<User-Id>" or "timeout"
  plain_peer.py client ENDPOINT USER PASS
                                   PUSH, PLAIN client; sends b"hello from libzmq", prints "sent"
"""
import sys
import zmq
import zmq.auth.thread

ctx = zmq.Context()
role = sys.argv[1]
if role == "server":
    auth = zmq.auth.thread.ThreadAuthenticator(ctx)
    auth.start()
    auth.configure_plain(domain="*", passwords={sys.argv[2]: sys.argv[3]})
    pull = ctx.socket(zmq.PULL)
    pull.setsockopt(zmq.LINGER, 0)
    pull.setsockopt(zmq.PLAIN_SERVER, 1)
    pull.setsockopt(zmq.RCVTIMEO, 8000)
    pull.bind("tcp://127.0.0.1:*")
    print(pull.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
    try:
        frame = pull.recv(copy=False)
        print("got=%s user=%s" % (frame.bytes.decode(), frame.get("User-Id")), flush=True)
    except zmq.Again:
        print("timeout", flush=True)
    pull.close(0)
    auth.stop()
else:
    push = ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 3000)
    push.setsockopt_string(zmq.PLAIN_USERNAME, sys.argv[3])
    push.setsockopt_string(zmq.PLAIN_PASSWORD, sys.argv[4])
    push.connect(sys.argv[2])
    push.send(b"hello from libzmq")
    print("sent", flush=True)
    push.close()
ctx.term()
