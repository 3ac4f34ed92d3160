#!/usr/bin/env python3
# kubelet-lite — test fixture for the HTTP/TCP client (NetCheckTests).
# Listens on 127.0.0.1 (port 0 = any free port), prints the port on stdout, then serves each
# connection in a thread. The request path picks the behaviour, well-behaved or adversarial.
import socket
import struct
import sys
import threading
import time


def read_head(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def send(conn, status, body=b"", headers=()):
    head = "HTTP/1.1 %s\r\n" % status
    for name, value in headers:
        head += "%s: %s\r\n" % (name, value)
    head += "Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
    conn.sendall(head.encode() + body)


def handle(conn, port):
    # Like Go's HTTP server: a TLS ClientHello on this plain port gets a plain-HTTP 400 at once.
    if conn.recv(1, socket.MSG_PEEK) == b"\x16":
        conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
        conn.close()
        return
    head = read_head(conn)
    try:
        target = head.split(b"\r\n", 1)[0].split(b" ")[1].decode()
    except IndexError:
        target = "?"
    path, _, query = target.partition("?")
    if path == "/ok" or path == "/healthz":
        send(conn, "200 OK", b"ok\n")
    elif path == "/fail":
        send(conn, "500 Internal Server Error", b"boom: database unreachable\n")
    elif path == "/echo":
        send(conn, "200 OK", head)
    elif path == "/redirect-same":
        send(conn, "302 Found", b"moved\n", [("Location", "/echo?from=redirect")])
    elif path == "/redirect-other":
        send(conn, "302 Found", b"elsewhere\n", [("Location", "http://127.0.0.2:%d/ok" % port)])
    elif path == "/redirect-port":  # ?to=PORT: same host name, another port
        send(conn, "301 Moved Permanently", b"", [("Location", "http://127.0.0.1:%s/echo" % query[3:])])
    elif path == "/loop":
        send(conn, "307 Temporary Redirect", b"", [("Location", "/loop")])
    elif path == "/big":
        send(conn, "200 OK", bytes((i % 251) for i in range(50000)))
    elif path == "/chunked":
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        for i in range(40):
            piece = bytes([65 + i % 26]) * 1000
            conn.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n")
        conn.sendall(b"0\r\n\r\n")
    elif path == "/silent":
        time.sleep(30)  # accepts, reads, never answers
    elif path == "/trickle":
        for b in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
            conn.sendall(bytes([b]))
            time.sleep(1)
    elif path == "/bigstall":
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"z" * 12000)
        time.sleep(30)  # the client has its 10 KiB: it must not wait for the rest
    elif path == "/slowbody":
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial")
        time.sleep(30)
    elif path == "/reset":
        # SO_LINGER {on, 0}: close() sends RST instead of FIN.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    elif path == "/malformed":
        conn.sendall(b"HTTP/1.1 xyz Bad\r\n\r\n")
    elif path == "/garbage":
        conn.sendall(b"garbage\r\n\r\n")
    elif path == "/eof":
        pass  # close without a byte
    else:
        send(conn, "404 Not Found", b"no such fixture\n")
    conn.close()


def main():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    port = srv.getsockname()[1]
    print(port, flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn, port), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
