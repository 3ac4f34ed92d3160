#!/usr/bin/env python3
"""h2grpc: a gRPC health server (grpc.health.v1.Health/Check) over h2c, Python standard library only.

Usage: python3 h2grpc.py DIR
  Listens on 127.0.0.1 (a free port), then prints the port as one line on stdout: whoever reads it
  knows the server is ready. Speaks just enough HTTP/2 (RFC 9113) and HPACK (RFC 7541) for one
  unary call per stream: SETTINGS and their ACK, HEADERS (+CONTINUATION), DATA, PING ACK.
Answers by the request's `service`:
  "" or "ok"   SERVING
  "down"       NOT_SERVING
  "switch"     SERVING until DIR/notserving exists, then NOT_SERVING
  "silent"     never answers (the call runs into its deadline)
  other        grpc-status 5 (NOT_FOUND) "unknown service", as grpc-go's health server says
Appends "<epoch-ms> service=<service> ua=<user-agent>" to DIR/grpc-requests for each call.
"""
import os
import socket
import struct
import sys
import threading
import time

base = sys.argv[1]

# RFC 7541 Appendix B code lengths (the code is canonical: lengths are enough to rebuild it).
LENGTHS = [13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28,
           28, 28, 28, 28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6,
           6, 7, 8, 15, 6, 12, 10, 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8,
           13, 19, 13, 14, 6, 15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11,
           14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23,
           23, 21, 22, 23, 22, 23, 23, 24, 22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22,
           21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, 26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26,
           24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, 20, 24, 20, 21, 22, 21, 21, 23, 22,
           22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, 30]
CODES = {}
_code, _prev = 0, 0
for _sym in sorted(range(257), key=lambda s: (LENGTHS[s], s)):
    _code <<= LENGTHS[_sym] - _prev
    _prev = LENGTHS[_sym]
    CODES[(LENGTHS[_sym], _code)] = _sym
    _code += 1

STATIC = [(":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
          (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
          (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500")] + [
    (n, "") for n in "accept-charset accept-encoding accept-language accept-ranges accept "
    "access-control-allow-origin age allow authorization cache-control content-disposition content-encoding "
    "content-language content-length content-location content-range content-type cookie date etag expect expires "
    "from host if-match if-modified-since if-none-match if-range if-unmodified-since last-modified link location "
    "max-forwards proxy-authenticate proxy-authorization range referer refresh retry-after server set-cookie "
    "strict-transport-security transfer-encoding user-agent vary via www-authenticate".split()]
STATIC[15] = ("accept-encoding", "gzip, deflate")


def huffman(data):
    out, code, length = bytearray(), 0, 0
    for byte in data:
        for bit in range(7, -1, -1):
            code, length = (code << 1) | ((byte >> bit) & 1), length + 1
            sym = CODES.get((length, code))
            if sym is not None:
                out.append(sym)
                code, length = 0, 0
    return out.decode("latin-1")


def integer(block, i, prefix):
    value = block[i] & ((1 << prefix) - 1)
    i += 1
    if value < (1 << prefix) - 1:
        return value, i
    shift = 0
    while True:
        b = block[i]
        i += 1
        value += (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, i


def string(block, i):
    coded = block[i] & 0x80
    n, i = integer(block, i, 7)
    raw = bytes(block[i:i + n])
    return (huffman(raw) if coded else raw.decode("latin-1")), i + n


def decode(block, table):
    fields, i = {}, 0
    entry = lambda k: STATIC[k - 1] if k <= len(STATIC) else table[k - len(STATIC) - 1]
    while i < len(block):
        b = block[i]
        if b & 0x80:
            k, i = integer(block, i, 7)
            name, value = entry(k)
        elif b & 0xE0 == 0x20:
            _, i = integer(block, i, 5)
            continue
        else:
            prefix = 6 if b & 0x40 else 4
            k, i = integer(block, i, prefix)
            name = entry(k)[0] if k else None
            if name is None:
                name, i = string(block, i)
            value, i = string(block, i)
            if prefix == 6:
                table.insert(0, (name, value))
        fields[name] = value
    return fields


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def literal(name, value):
    name, value = name.encode(), value.encode()
    return bytes([0, len(name)]) + name + bytes([len(value)]) + value


RESPONSE_HEAD = b"\x88" + b"\x0f\x10" + bytes([16]) + b"application/grpc"


def answer(conn, stream, service):
    if service == "silent":
        return
    statuses = {"": 1, "ok": 1, "down": 2}
    if service == "switch":
        statuses["switch"] = 2 if os.path.exists(os.path.join(base, "notserving")) else 1
    if service not in statuses:
        block = RESPONSE_HEAD + literal("grpc-status", "5") + literal("grpc-message", "unknown service")
        conn.sendall(frame(1, 0x5, stream, block))
        return
    message = bytes([0x08, statuses[service]])
    conn.sendall(frame(1, 0x4, stream, RESPONSE_HEAD)
                 + frame(0, 0, stream, b"\x00" + struct.pack(">I", len(message)) + message)
                 + frame(1, 0x5, stream, literal("grpc-status", "0")))


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def serve(conn):
    table, blocks, bodies, headers = [], {}, {}, {}
    try:
        read_exact(conn, 24)   # PRI * HTTP/2.0 ...
        conn.sendall(frame(4, 0, 0))
        while True:
            head = read_exact(conn, 9)
            length = struct.unpack(">I", b"\0" + head[:3])[0]
            kind, flags, stream = head[3], head[4], struct.unpack(">I", head[5:9])[0] & 0x7FFFFFFF
            payload = read_exact(conn, length)
            if kind == 4 and not flags & 1:
                conn.sendall(frame(4, 1, 0))
            elif kind == 6 and not flags & 1:
                conn.sendall(frame(6, 1, 0, payload))
            elif kind in (1, 9):
                if kind == 1 and flags & 0x8:
                    payload = payload[1:len(payload) - payload[0]]
                if kind == 1 and flags & 0x20:
                    payload = payload[5:]
                blocks[stream] = blocks.get(stream, b"") + payload
                if flags & 0x4:
                    headers[stream] = decode(blocks.pop(stream), table)
            elif kind == 0:
                bodies[stream] = bodies.get(stream, b"") + payload
            if kind in (0, 1) and flags & 0x1:
                body = bodies.pop(stream, b"")[5:]
                service = body[2:2 + body[1]].decode() if body[:1] == b"\x0a" else ""
                ua = headers.get(stream, {}).get("user-agent", "")
                with open(os.path.join(base, "grpc-requests"), "a") as f:
                    f.write("%d service=%s ua=%s\n" % (int(time.time() * 1000), service, ua))
                answer(conn, stream, service)
    except (EOFError, OSError):
        pass


def main():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    print(s.getsockname()[1], flush=True)
    keep = []
    while True:
        c, _ = s.accept()
        keep.append(c)
        threading.Thread(target=serve, args=(c,), daemon=True).start()


main()
