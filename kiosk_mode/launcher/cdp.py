"""A small Chrome DevTools Protocol client over a WebSocket, with the standard library only.

The launcher runs on the tablet itself, where the app's dependencies are not installed, so this
speaks just enough RFC 6455 for Chromium's DevTools endpoint: text frames, fragments, ping/pong.
"""
from __future__ import annotations

import base64
import itertools
import json
import os
import queue
import socket
import struct
import threading
from urllib.parse import urlsplit


class CDPError(Exception):
    """Chromium answered a command with an error, or the connection is gone."""


def _masked(data: bytes, key: bytes) -> bytes:
    if not data:
        return data
    pad = (key * (len(data) // 4 + 1))[:len(data)]
    return (int.from_bytes(data, "big") ^ int.from_bytes(pad, "big")).to_bytes(len(data), "big")


class Connection:
    """One WebSocket to Chromium. Commands wait for their answer; events go into `self.events`
    (a queue of (method, params, session id)) for one consumer thread to handle, so a handler
    may send commands without blocking the thread that reads the socket."""

    def __init__(self, ws_url: str, timeout: float = 10.0):
        parts = urlsplit(ws_url)
        self.sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        # No Origin header: Chromium only checks --remote-allow-origins when a client sends one.
        request = (f"GET {parts.path or '/'} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
                   f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                   "Sec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise CDPError("the DevTools endpoint closed the connection")
            head += chunk
        head, self._buffer = head.split(b"\r\n\r\n", 1)
        if not head.startswith(b"HTTP/1.1 101"):
            raise CDPError("the DevTools endpoint refused the WebSocket: " + head.split(b"\r\n")[0].decode())
        self.sock.settimeout(None)
        self.events: queue.Queue = queue.Queue()
        self.closed = threading.Event()
        self._ids = itertools.count(1)
        self._waiting: dict[int, list] = {}
        self._write = threading.Lock()
        self._reader = threading.Thread(target=self._read_loop, name="cdp-reader", daemon=True)
        self._reader.start()

    # --- frames
    def _recv(self, n: int) -> bytes:
        while len(self._buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self._buffer += chunk
        data, self._buffer = self._buffer[:n], self._buffer[n:]
        return data

    def _frame(self, opcode: int, payload: bytes) -> None:
        key = os.urandom(4)
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        with self._write:
            self.sock.sendall(header + key + _masked(payload, key))

    def _read_loop(self) -> None:
        message = b""
        try:
            while True:
                first, second = self._recv(2)
                opcode, length = first & 0x0F, second & 0x7F
                if length == 126:
                    length = struct.unpack("!H", self._recv(2))[0]
                elif length == 127:
                    length = struct.unpack("!Q", self._recv(8))[0]
                key = self._recv(4) if second & 0x80 else b""
                payload = self._recv(length)
                if key:
                    payload = _masked(payload, key)
                if opcode == 0x8:
                    break
                if opcode == 0x9:
                    self._frame(0xA, payload)
                    continue
                if opcode in (0x0, 0x1, 0x2):
                    message += payload
                    if first & 0x80:
                        self._dispatch(json.loads(message))
                        message = b""
        except (OSError, ConnectionError, ValueError):
            pass
        finally:
            self.closed.set()
            for slot in list(self._waiting.values()):
                slot[1].set()
            self.events.put(None)

    def _dispatch(self, message: dict) -> None:
        if "id" in message:
            slot = self._waiting.pop(message["id"], None)
            if slot is not None:
                slot[0] = message
                slot[1].set()
        else:
            self.events.put((message.get("method"), message.get("params") or {}, message.get("sessionId")))

    # --- commands
    def send(self, method: str, params: dict | None = None, session: str | None = None,
             wait: bool = True, timeout: float = 10.0) -> dict:
        """Send a command; with `wait`, return its result (CDPError on an error answer)."""
        if self.closed.is_set():
            raise CDPError("the DevTools connection is closed")
        ident = next(self._ids)
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        slot = [None, threading.Event()]
        if wait:
            self._waiting[ident] = slot
        try:
            self._frame(0x1, json.dumps(message).encode())
        except OSError as error:
            self._waiting.pop(ident, None)
            raise CDPError(str(error)) from error
        if not wait:
            return {}
        if not slot[1].wait(timeout) or slot[0] is None:
            self._waiting.pop(ident, None)
            raise CDPError(f"no answer to {method}")
        if "error" in slot[0]:
            raise CDPError(f"{method}: {slot[0]['error'].get('message')}")
        return slot[0].get("result", {})

    def close(self) -> None:
        try:
            self._frame(0x8, b"")
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass
        self.closed.set()
