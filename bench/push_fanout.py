"""Benchmark: deliver one announcement to N subscriptions against a local push service.

Run:  .venv/bin/python bench/push_fanout.py [N]
The stub runs in its own process (so it does not share the app's interpreter lock); it answers
201 without decrypting. Every message is really encrypted (aes128gcm) and VAPID-signed.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def serve(port_queue):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_queue.put(server.server_address[1])
    server.serve_forever()


def main(count: int) -> None:
    os.environ["TRINVIS_PUSH_ALLOW_LOOPBACK"] = "1"
    os.environ["TRINVIS_INSTANCE"] = tempfile.mkdtemp()
    from app import create_app
    from app.push import delivery
    from app.push.routes import sender
    from app.store import connect
    from tests.push.stub import Device

    port = int(os.environ.get("STUB_PORT", "0"))
    stub = None
    if not port:  # no nginx stub given: a Python one in its own process
        ports = multiprocessing.Queue()
        stub = multiprocessing.Process(target=serve, args=(ports,), daemon=True)
        stub.start()
        port = ports.get(timeout=10)
    app = create_app({"SECRET_KEY": "bench"})
    db = connect(app.config["DATABASE"])
    keys = Device("/k").keys()  # one key pair is enough: the encryption work per message is the same
    rows = [{"endpoint": f"http://127.0.0.1:{port}/push/{i}", "p256dh": keys["p256dh"], "auth": keys["auth"],
             "lang": "da", "topics": '["news"]', "guides": "[]", "created": "2026-11-26", "updated": "2026-11-26",
             "failures": 0} for i in range(count)]
    db["push_subscriptions"].insert_all(rows)
    announcement = delivery.queue(db, topic="news", titles={"da": "Lukket fredag"},
                                  bodies={"da": "Borgerservice holder lukket fredag."}, url="/{lang}/help/")
    with app.app_context():
        s = sender(app)
    start = time.perf_counter()
    counts = delivery.deliver(db, announcement, s)
    elapsed = time.perf_counter() - start
    print(f"{counts['delivered']} of {count} delivered in {elapsed:.2f} s: "
          f"{counts['delivered'] / elapsed:.0f} deliveries/s (workers={s.workers})")
    if stub:
        stub.terminate()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
