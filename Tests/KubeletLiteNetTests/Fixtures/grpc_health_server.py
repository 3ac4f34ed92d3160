#!/usr/bin/env python3
# kubelet-lite test fixture: a real gRPC health server (grpcio + grpcio-health-checking).
#
# Services: "" and "ok" SERVING, "down" NOT_SERVING, "slow" answers after 5 s; any other name
# gets NOT_FOUND, as grpc_health's servicer does for an unknown service. A second listener
# accepts TCP connections and never says anything (a peer that never sends the HTTP/2 preface).
#
# Prints "READY <grpc port> <silent port>" once both listen, then one "ua <user-agent>" line per
# Check call. Prints "SKIP <reason>" and exits 0 when grpcio is missing.
import socket
import sys
import threading
import time

try:
    from concurrent import futures

    import grpc
    from grpc_health.v1 import health, health_pb2, health_pb2_grpc
except ImportError as error:
    print("SKIP needs Python grpcio and grpcio-health-checking "
          "(python3 -m pip install grpcio grpcio-health-checking): %s" % error, flush=True)
    sys.exit(0)


class Servicer(health.HealthServicer):
    def Check(self, request, context):
        agent = dict(context.invocation_metadata()).get("user-agent", "")
        print("ua %s" % agent, flush=True)
        if request.service == "slow":
            time.sleep(5)
        return super().Check(request, context)


def silent_listener():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held = []

    def accept_forever():
        while True:
            conn, _ = listener.accept()
            held.append(conn)   # kept open, never written to

    threading.Thread(target=accept_forever, daemon=True).start()
    return listener.getsockname()[1]


def main():
    servicer = Servicer()
    for name in ("", "ok", "slow"):
        servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    servicer.set("down", health_pb2.HealthCheckResponse.NOT_SERVING)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print("READY %d %d" % (port, silent_listener()), flush=True)
    server.wait_for_termination()


main()
