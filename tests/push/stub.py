"""A local stand-in for a browser vendor's push service, on 127.0.0.1.

It keeps each subscription's private key and auth secret, so it decrypts every message it
receives (aes128gcm, as a browser would) and checks the VAPID JWT. The answer for an endpoint
can be set per test: 201, 404, 410, 413, 429 with Retry-After, 500 …
"""
from __future__ import annotations

import base64
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import jwt


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Device:
    """A browser's side of one subscription: its key pair and auth secret."""
    path: str
    private_key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    def keys(self) -> dict:
        public = self.private_key.public_key().public_bytes(serialization.Encoding.X962,
                                                             serialization.PublicFormat.UncompressedPoint)
        return {"p256dh": b64(public), "auth": b64(self.auth)}


@dataclass
class Received:
    path: str
    headers: dict
    plaintext: bytes | None
    claims: dict | None
    status: int
    peer: int = 0      # the sender's port: one port for many messages means a kept-alive connection


class StubPushService:
    def __init__(self, decrypt: bool = True):
        self.devices: dict[str, Device] = {}
        self.answers: dict[str, list[tuple[int, dict]]] = {}
        self.received: list[Received] = []
        self.decrypt = decrypt
        self.drop_after_each = False
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, extra = stub.answer(self.path)
                plaintext = claims = None
                device = stub.devices.get(self.path)
                if stub.decrypt and device:
                    plaintext = http_ece.decrypt(body, private_key=device.private_key,
                                                 auth_secret=device.auth, version="aes128gcm")
                    claims = stub.check_vapid(self.headers.get("Authorization", ""))
                with stub.lock:
                    stub.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()},
                                                  plaintext, claims, status, self.client_address[1]))
                self.send_response(status)
                for key, value in extra.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if stub.drop_after_each:  # as a service that closes idle connections without saying so
                    self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def device(self, name: str) -> Device:
        device = Device(f"/push/{name}")
        self.devices[device.path] = device
        return device

    def endpoint(self, device: Device) -> str:
        return f"http://127.0.0.1:{self.port}{device.path}"

    def answer(self, path: str) -> tuple[int, dict]:
        with self.lock:
            queue = self.answers.get(path)
            if queue:
                return queue.pop(0) if len(queue) > 1 else queue[0]
        return 201, {}

    @staticmethod
    def check_vapid(header: str) -> dict:
        """The claims of a valid VAPID JWT (raises when the signature does not verify)."""
        scheme, _, params = header.partition(" ")
        assert scheme.lower() == "vapid", header
        parts = dict(p.strip().split("=", 1) for p in params.split(","))
        return jwt.decode(parts["t"], parts["k"])
