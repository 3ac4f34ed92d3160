#!/usr/bin/env python3
# kubelet-lite test fixture: an HTTPS server with a self-signed certificate made here with the
# openssl command (deleted again as soon as it is loaded), plus a plain HTTP server.
#
# GET /ok answers 200 "ok", GET /fail answers 500 "fail". Prints "READY <https port> <http port>"
# once both listen, then "sni <name>" for each TLS handshake (None when the client sent no SNI).
# Prints "SKIP <reason>" and exits 0 when the openssl command is missing.
import http.server
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status, body = (200, b"ok") if self.path == "/ok" else (500, b"fail")
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def tls_context():
    if shutil.which("openssl") is None:
        print("SKIP needs the openssl command to make a self-signed certificate", flush=True)
        sys.exit(0)
    directory = tempfile.mkdtemp()
    key, cert = os.path.join(directory, "k"), os.path.join(directory, "c")
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                        "-keyout", key, "-out", cert, "-days", "1"], check=True, capture_output=True)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
    finally:
        shutil.rmtree(directory)
    context.sni_callback = lambda sock, name, ctx: print("sni %s" % name, flush=True)
    return context


class TLSServer(http.server.ThreadingHTTPServer):
    context = None

    def get_request(self):
        conn, address = self.socket.accept()
        # The handshake happens on the handler thread's first read, not in accept().
        return self.context.wrap_socket(conn, server_side=True, do_handshake_on_connect=False), address


def main():
    TLSServer.context = tls_context()
    https = TLSServer(("127.0.0.1", 0), Handler)
    plain = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=plain.serve_forever, daemon=True).start()
    print("READY %d %d" % (https.server_address[1], plain.server_address[1]), flush=True)
    https.serve_forever()


main()
