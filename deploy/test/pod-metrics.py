#!/usr/bin/env python3
"""The series the rehearsal's pods would export, for the deploy gate to judge. kwok simulates pods
(nothing runs in them), so this stands in for their /metrics: every app at every given version
serving RATE calls per second since start, the given share of them failing, each answered in about
10 ms. The names and labels are the apps' (go-grpc-prometheus's grpc_server_*, OpenTelemetry's
http_server_request_duration_seconds, the breakers' circuit_breaker_state) with the labels the
chart's ServiceMonitor adds (namespace, service, version), which the gate selects on.

    pod-metrics.py <port> <namespace> [<app>@]<version>=<failing share> ...

A share given for <app>@<version> is that app's at that version; for <version>, every app's.

Serves GET /metrics on 127.0.0.1:<port> until killed.
"""
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RATE = 20  # calls per second, per app and version
GRPC_APPS = {"user": "shop.user.v1.UserService", "inventory": "shop.inventory.v1.InventoryService",
             "payment": "shop.payment.v1.PaymentService", "order": "shop.order.v1.OrderService"}
BUCKETS = ("0.005", "0.01", "0.025", "0.1", "+Inf")  # every call lands in (0.005, 0.01]

port, namespace = int(sys.argv[1]), sys.argv[2]
shares = {key: float(share) for key, share in (arg.split("=", 1) for arg in sys.argv[3:])}
versions = sorted({key.rpartition("@")[2] for key in shares})
started = time.monotonic()


def failing(app, version):
    return shares.get(f"{app}@{version}", shares.get(version, 0.0))


def exposition():
    calls = int((time.monotonic() - started) * RATE)
    lines = []
    for version in versions:
        for app, service in GRPC_APPS.items():
            failed = int(calls * failing(app, version))
            base = f'namespace="{namespace}",service="{app}",version="{version}",grpc_type="unary",grpc_service="{service}",grpc_method="Call"'
            lines.append(f'grpc_server_handled_total{{{base},grpc_code="OK"}} {calls - failed}')
            lines.append(f'grpc_server_handled_total{{{base},grpc_code="Unavailable"}} {failed}')
            for le in BUCKETS:
                lines.append(f'grpc_server_handling_seconds_bucket{{{base},le="{le}"}} {0 if le == "0.005" else calls}')
            lines.append(f"grpc_server_handling_seconds_count{{{base}}} {calls}")
        base = f'namespace="{namespace}",service="gateway",version="{version}",http_request_method="GET",http_route="/api/v1/products"'
        failed = int(calls * failing("gateway", version))
        for code, n in (("200", calls - failed), ("503", failed)):
            for le in BUCKETS:
                lines.append(f'http_server_request_duration_seconds_bucket{{{base},http_response_status_code="{code}",le="{le}"}} {0 if le == "0.005" else n}')
            lines.append(f'http_server_request_duration_seconds_count{{{base},http_response_status_code="{code}"}} {n}')
        for app in ("gateway", "order"):
            lines.append(f'circuit_breaker_state{{namespace="{namespace}",service="{app}",version="{version}",name="downstream"}} 0')
    return "\n".join(lines) + "\n"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path != "/metrics":
            self.send_error(404)
            return
        body = exposition().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
