"""Persistent HTTP/1.1 connections to push services, one per origin in each sending thread.

A delivery is one small POST; building it through a general HTTP library cost more than
encrypting it. This keeps the socket open between messages to the same push service, opens a
new one when the service closed an idle connection, and goes through the proxy the environment
names (``https_proxy``/``no_proxy``), read once.
"""
from __future__ import annotations

import http.client
import ssl
import urllib.request
from urllib.parse import urlsplit

try:  # the same certificate authorities as requests, where certifi is installed
    import certifi
    _CAFILE = certifi.where()
except ImportError:  # pragma: no cover - certifi comes with requests
    _CAFILE = None

# a reused connection the server has closed fails in one of these ways; a fresh one is tried once
_STALE = (http.client.RemoteDisconnected, http.client.BadStatusLine, BrokenPipeError, ConnectionResetError,
          ConnectionAbortedError)


class Connections:
    def __init__(self, timeout: float = 10.0):
        self.timeout = timeout
        self.proxies = urllib.request.getproxies()
        # (scheme, host:port) -> (connection, whether requests name the absolute URL: http via a proxy)
        self._open: dict[tuple[str, str], tuple[http.client.HTTPConnection, bool]] = {}
        self._tls: ssl.SSLContext | None = None

    def post(self, url: str, body: bytes, headers: dict) -> tuple[int, http.client.HTTPMessage]:
        """POST and read the answer; raises OSError or http.client.HTTPException when the network fails."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        reused = key in self._open
        conn, absolute = self._open.pop(key) if reused else self._connect(parts)
        target = url if absolute else (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request("POST", target, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
        except _STALE:
            conn.close()
            if not reused:
                raise
            return self.post(url, body, headers)  # the service closed an idle connection: once more, anew
        except BaseException:
            conn.close()
            raise
        if response.will_close:
            conn.close()
        else:
            self._open[key] = (conn, absolute)
        return response.status, response.headers

    def close(self) -> None:
        for conn, _ in self._open.values():
            conn.close()
        self._open.clear()

    def _connect(self, parts) -> tuple[http.client.HTTPConnection, bool]:
        host, port = parts.hostname or "", parts.port
        proxy = None if urllib.request.proxy_bypass(host) else self.proxies.get(parts.scheme)
        through = urlsplit(proxy) if proxy else None
        if parts.scheme == "https":
            if self._tls is None:
                self._tls = ssl.create_default_context(cafile=_CAFILE)
            if through:
                conn = http.client.HTTPSConnection(through.hostname, through.port or 8080, timeout=self.timeout,
                                                   context=self._tls)
                conn.set_tunnel(host, port or 443)
                return conn, False
            return http.client.HTTPSConnection(host, port or 443, timeout=self.timeout, context=self._tls), False
        if through:
            return http.client.HTTPConnection(through.hostname, through.port or 8080, timeout=self.timeout), True
        return http.client.HTTPConnection(host, port or 80, timeout=self.timeout), False
