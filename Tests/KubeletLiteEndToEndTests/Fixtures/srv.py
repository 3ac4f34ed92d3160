#!/usr/bin/env python3
"""srv: the HTTP test server of scenarios.md (mirrors agnhost liveness/netexec/test-webserver).

Usage: python3 srv.py MODE PORT [DIR]
  PORT 0 picks a free port. Once the socket listens (never before), the port actually bound is
  written to DIR/port (DIR defaults to the directory of this script) and printed as one line on
  stdout, and "<epoch-ms> <port>" is appended to DIR/listening: whoever reads any of them knows the
  server is ready, and since when. Then it serves until killed.
Modes (scenarios.md "Helper srv"):
  web       200 "ok" for every path.
  liveness  /healthz: 200 for the first 10 s after it listens (LIVENESS_SECS overrides), then 500;
            /redirect?loc=X: 302 with Location X; other paths 200.
  echo      replies 200 (or ?status=N), after ?sleep=S seconds if given, or once DIR/NAME exists
            if ?hold=NAME is given (so a test decides when a hook's request returns).
  tls       echo over TLS with DIR/cert.pem and DIR/key.pem (a self-signed certificate).
Every mode above appends "<epoch-ms> <METHOD> <path?query> UA=<User-Agent> ACCEPT=<Accept>" to
DIR/requests when a request arrives.
Adversarial modes (raw sockets, for probe-failure tests):
  silent    accepts and never answers.
  trickle   answers one byte per second, forever.
  reset     accepts and resets the connection (SO_LINGER 0).
  garbage   sends a malformed status line, then closes.
  Each of these appends "<epoch-ms> ACCEPT" to DIR/accepts when it accepts a connection.
Readiness gate:
  await     connects to PORT every 10 ms until something listens there, appends "<epoch-ms>" to
            DIR/gate and exits 0 (1 after 120 s). Used as a postStart hook, it keeps the kubelet's
            probes (which never run while postStart runs) from reaching the container's server
            before it listens; DIR/gate says from when they may run.
"""
import http.server
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse

mode = sys.argv[1]
port = int(sys.argv[2])
base = sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(os.path.abspath(__file__))
started = time.time()
liveness_secs = float(os.environ.get("LIVENESS_SECS", "10"))


def announce(bound):
    """Called once the socket listens: the port to DIR/port, DIR/listening and stdout."""
    global started
    started = time.time()
    with open(os.path.join(base, "listening"), "a") as f:
        f.write("%d %d\n" % (int(started * 1000), bound))
    tmp = os.path.join(base, "port.tmp.%d" % os.getpid())
    with open(tmp, "w") as f:
        f.write("%d\n" % bound)
    os.rename(tmp, os.path.join(base, "port"))
    print(bound, flush=True)


def await_listening():
    end = time.time() + 120
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            with open(os.path.join(base, "gate"), "a") as f:
                f.write("%d\n" % int(time.time() * 1000))
            sys.exit(0)
        except OSError:
            if time.time() > end:
                sys.exit("nothing listens on 127.0.0.1:%d after 120 s" % port)
            time.sleep(0.01)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def handle(self):
        # Like Go's HTTP server: a TLS ClientHello on a plain port gets a plain-HTTP 400 at once
        # (Python's own server would wait for a line end that a ClientHello may never contain).
        if mode != "tls" and self.request.recv(1, socket.MSG_PEEK) == b"\x16":
            self.request.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
            return
        super().handle()

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        data = body.encode()
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        line = "%d %s %s UA=%s ACCEPT=%s\n" % (int(time.time() * 1000), self.command, self.path,
                                              self.headers.get("User-Agent", ""), self.headers.get("Accept", ""))
        with open(os.path.join(base, "requests"), "a") as f:
            f.write(line)
        if mode == "web":
            return self.reply(200, "ok")
        if mode == "liveness":
            if url.path == "/healthz":
                if time.time() - started < liveness_secs:
                    return self.reply(200, "ok")
                return self.reply(500, "error: %.1f" % (time.time() - started))
            if url.path == "/redirect":
                loc = query.get("loc", ["/"])[0]
                return self.reply(302, '<a href="%s">Found</a>.' % loc, [("Location", loc)])
            return self.reply(200, "ok")
        if mode in ("echo", "tls"):
            time.sleep(float(query.get("sleep", ["0"])[0]))
            hold = query.get("hold", [None])[0]
            end = time.time() + 120
            while hold and not os.path.exists(os.path.join(base, hold)) and time.time() < end:
                time.sleep(0.01)
            return self.reply(int(query.get("status", ["200"])[0]), "ok")
        return self.reply(404, "unknown mode")


def raw(handle):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(64)
    announce(s.getsockname()[1])
    keep = []
    while True:
        c, _ = s.accept()
        with open(os.path.join(base, "accepts"), "a") as f:
            f.write("%d ACCEPT\n" % int(time.time() * 1000))
        keep.append(c)
        threading.Thread(target=handle, args=(c,), daemon=True).start()


def silent(c):
    pass


def trickle(c):
    try:
        for b in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
            c.send(bytes([b]))
            time.sleep(1)
    except OSError:
        pass


def reset(c):
    try:
        c.recv(4096)
    except OSError:
        pass
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()


def garbage(c):
    try:
        c.recv(4096)
        c.sendall(b"HTTZ/9.9 two hundred OKAY\r\n\r\n")
    except OSError:
        pass
    c.close()


if mode == "await":
    await_listening()
elif mode in ("silent", "trickle", "reset", "garbage"):
    raw(globals()[mode])
else:
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    if mode == "tls":
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(base, "cert.pem"), os.path.join(base, "key.pem"))
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    announce(server.server_address[1])
    server.serve_forever()
