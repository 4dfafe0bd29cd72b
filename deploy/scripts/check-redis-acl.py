#!/usr/bin/env python3
"""The in-chart Redis's users, on a real redis-server: the chart's rendered ACL file and the server
flags of its StatefulSet (--aclfile, --maxmemory, --maxmemory-policy), each app's user taken from
the URL in the generated Secret, then what each user may and may not do:

  * every app: its own keys (`<app>:*`, what its client prefixes) read, written, and through a
    Lua script as the apps use them; INFO (ioredis's ready check); never another app's keys, and
    no FLUSHALL, KEYS, CONFIG, DEBUG;
  * the anonymous default user: PING (the probe) and nothing else;
  * the server: the rendered maxmemory and eviction policy in force.

    check-redis-acl.py RENDERED.yaml      (a render with redis.enabled; needs redis-server, redis-cli)

Exits 1 listing every violation.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlparse

import yaml

problems = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(path):
    for tool in ("redis-server", "redis-cli"):
        if not shutil.which(tool):
            sys.exit(f"check-redis-acl: {tool} is missing: apt-get install redis-server")
    objects = [o for o in yaml.safe_load_all(open(path)) if o]
    secret = next(o for o in objects if o["kind"] == "Secret" and "users.acl" in (o.get("stringData") or {}))
    sts = next(o for o in objects if o["kind"] == "StatefulSet" and o["metadata"]["labels"]["app.kubernetes.io/name"] == "redis")
    (container,) = sts["spec"]["template"]["spec"]["containers"]
    data = secret["stringData"]
    apps = sorted(k for k, v in data.items() if str(v).startswith("redis://"))
    if not apps:
        sys.exit("check-redis-acl: no app URL in the Secret")

    work = tempfile.mkdtemp()
    port = free_port()
    with open(os.path.join(work, "users.acl"), "w") as f:
        f.write(data["users.acl"])
    # The StatefulSet's flags, with this run's ACL file, directory and port.
    args = [a.replace("/etc/redis", work).replace("/data", work) for a in container["args"][1:]]
    server = subprocess.Popen(["redis-server", *args, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True).stdout.strip() == "PONG":
                break
            time.sleep(0.1)
        else:
            sys.exit("check-redis-acl: redis-server did not start with the chart's flags")

        def cli(user, password, *command):
            auth = ["--user", user, "--pass", password, "--no-auth-warning"] if user else []
            out = subprocess.run(["redis-cli", "-p", str(port), *auth, *command], capture_output=True, text=True)
            return (out.stdout + out.stderr).strip()

        def expect(ok, user, password, *command):
            answer = cli(user, password, *command)
            refused = "NOPERM" in answer or "no permissions" in answer
            if ok == refused:
                problems.append(f"{user or 'anonymous'}: {' '.join(command)} -> {answer!r}, expected {'success' if ok else 'NOPERM'}")

        for app in apps:
            url = urlparse(data[app])
            user, password = url.username, url.password
            if user != app:
                problems.append(f"{app}'s URL logs in as {user!r}")
            mine, theirs = f"{app}:probe", f"{next(a for a in apps if a != app)}:probe"
            expect(True, user, password, "SET", mine, "1", "EX", "60")
            expect(True, user, password, "GET", mine)
            expect(True, user, password, "EVAL", "return redis.call('INCR', KEYS[1])", "1", f"{app}:counter")
            expect(True, user, password, "INFO", "server")
            expect(False, user, password, "GET", theirs)
            expect(False, user, password, "SET", "unprefixed", "1")
            expect(False, user, password, "EVAL", "return redis.call('GET', KEYS[1])", "1", theirs)
            for command in (["FLUSHALL"], ["KEYS", "*"], ["CONFIG", "GET", "maxmemory"], ["ACL", "LIST"], ["CLIENT", "LIST"]):
                expect(False, user, password, *command)
        expect(True, None, None, "PING")
        expect(False, None, None, "GET", f"{apps[0]}:probe")
        admin = data["password"]
        for flag in ("maxmemory", "maxmemory-policy"):
            rendered = args[args.index(f"--{flag}") + 1]
            value = cli("admin", admin, "CONFIG", "GET", flag).splitlines()[-1]
            want = str(int(rendered[:-2]) * 1024**2) if rendered.endswith("mb") else rendered
            if value != want:
                problems.append(f"server {flag} is {value!r}, the chart renders {rendered!r}")
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    for p in problems:
        print(f"FAIL {p}")
    if problems:
        sys.exit(1)
    print(f"check-redis-acl: {len(apps)} app users ({', '.join(apps)}), the anonymous user and the memory limits hold on redis-server")


if __name__ == "__main__":
    main(sys.argv[1])
