"""Shared plumbing for the events benchmarks (not a benchmark itself): Django set-up against
the bench database, gunicorn on loopback, and a keep-alive HTTP load generator spread over
processes and threads that records every latency."""

from __future__ import annotations

import http.client
import json
import multiprocessing as mp
import os
import pathlib
import signal
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/guild_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "events_bench_settings")
os.environ.setdefault("TASKS_BACKEND", "db")
os.environ.setdefault("LOG_LEVEL", "WARNING")
PORT = int(os.environ.get("BENCH_PORT", "8501"))


def fresh_database() -> None:
    """A benchmark database whose name starts with ``guild_bench`` is dropped and created
    again before each run, so every run starts from the same state (PostgreSQL's share of a
    request grows with what earlier runs left). Any other database is used as it is."""
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    name = url.rsplit("/", 1)[1].split("?")[0]
    if not name.startswith("guild_bench"):
        return
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def setup_django():
    import django

    fresh_database()

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def checkpoint() -> None:
    """Start the measured run right after a PostgreSQL checkpoint (when allowed), so that a
    timed checkpoint does not land in the middle of one run and not another: after each
    checkpoint the first change to every page also writes the whole page to the WAL, which
    made the database's share of a request vary from run to run by a factor of two."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except Exception:  # noqa: BLE001 - not a superuser: measure without it
        connection.close()


def bench_token(scopes=("read", "write", "checkin")) -> str:
    from guild.accounts.models import RoleGrant, User
    from guild.api.models import ApiToken, hash_token, new_raw_token

    user, _ = User.objects.get_or_create(email="bench-door@example.org")
    RoleGrant.objects.get_or_create(user=user, role="staff", revoked_at=None)
    raw = new_raw_token()
    ApiToken.objects.create(
        user=user, name="bench", prefix=raw[:8], token_hash=hash_token(raw), scopes=list(scopes)
    )
    return raw


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid: int) -> tuple[int, float]:
    """(process group id, user + system CPU seconds) of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return int(fields[2]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def group_cpu_by_process(pgid: int) -> dict[int, float]:
    """CPU seconds used so far by each live process of a process group (gunicorn)."""
    seconds_by_pid = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                group, seconds = _proc_cpu(int(entry))
            except (OSError, IndexError, ValueError):
                continue
            if group == pgid:
                seconds_by_pid[int(entry)] = seconds
    return seconds_by_pid


def group_cpu(pgid: int) -> float:
    """CPU seconds used so far by the live processes of a process group (gunicorn)."""
    return sum(group_cpu_by_process(pgid).values())


def postgres_backend_cpu() -> float:
    """CPU seconds of the PostgreSQL backends connected to the bench database (persistent
    connections: the gunicorn workers' and this process's), when PostgreSQL runs here."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    total = 0.0
    for pid in pids:
        try:
            total += _proc_cpu(pid)[1]
        except (OSError, IndexError, ValueError):
            continue
    return total


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all cores, every process), from
    /proc/stat: the honest total a request costs, whatever process spends it."""
    with open("/proc/stat") as handle:
        fields = [int(value) for value in handle.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def cpu_report(
    requests: int, server_cpu: float, client_cpu: float, pg_cpu: float, server=None
) -> str:
    """CPU milliseconds a request costs in each process, independent of how loaded the
    machine is (wall-clock figures are not); then how busy the two cores were and how the
    gunicorn workers shared their work (a worker runs its Python on one core at a time, so a
    worker that got more of the client's keep-alive connections can saturate its core while
    the other leaves the second one partly idle)."""
    if not requests:
        return "cpu per request: no requests"
    lines = [_cpu_line(requests, server_cpu, client_cpu, pg_cpu)]
    elapsed = getattr(load, "elapsed", 0.0)
    if elapsed:
        busy = getattr(load, "machine_cpu", 0.0) / (elapsed * (os.cpu_count() or 1)) * 100
        usage = f"machine busy {busy:.0f} % of its {os.cpu_count()} cores while loading"
        shares = getattr(server, "worker_shares", None)
        if shares and sum(shares) > 0:
            split = " / ".join(f"{share / sum(shares) * 100:.0f} %" for share in shares)
            usage += f"; gunicorn workers' shares of their CPU: {split}"
        lines.append(usage)
    return "\n".join(lines)


def _cpu_line(requests: int, server_cpu: float, client_cpu: float, pg_cpu: float) -> str:
    server, pg, client = (seconds / requests * 1000 for seconds in (server_cpu, pg_cpu, client_cpu))
    total = server + pg + client
    machine = getattr(load, "machine_cpu", 0.0) / requests * 1000
    return (
        f"cpu per request: gunicorn {server:.2f} ms, postgres {pg:.2f} ms, load generator "
        f"{client:.2f} ms (total {total:.2f} ms); whole machine while loading {machine:.2f} ms "
        f"(two cores give 2,000 ms a second: ceiling {2000 / max(machine, 0.001):.0f} "
        "requests/s)"
    )


class Server:
    def __init__(
        self,
        # One worker a core, threads to cover the database round trips (docs/deployment).
        workers: int = int(os.environ.get("BENCH_WORKERS", "2")),
        threads: int = int(os.environ.get("BENCH_SERVER_THREADS", "8")),
    ):
        self.workers, self.threads = workers, threads
        self.proc = None

    def __enter__(self):
        env = dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}:{ROOT / 'bench'}")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "guild.config.wsgi:application",
                "-b",
                f"127.0.0.1:{PORT}",
                "-w",
                str(self.workers),
                "--threads",
                str(self.threads),
                "-k",
                os.environ.get("BENCH_WORKER_CLASS", "gthread"),
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=open("/tmp/events-bench-gunicorn.log", "w"),
        )
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                conn.request("GET", "/api/v1/events/")
                conn.getresponse().read()
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError("gunicorn did not start (see /tmp/events-bench-gunicorn.log)")

    def cpu(self) -> float:
        """CPU seconds of the master and its workers so far; from the second call on, each
        worker's share since the previous call is in ``worker_shares`` (largest first)."""
        now = group_cpu_by_process(self.proc.pid)
        previous, self._cpu_seen = getattr(self, "_cpu_seen", None), now
        if previous is not None:
            self.worker_shares = sorted(
                (now[pid] - previous.get(pid, 0.0) for pid in now if pid != self.proc.pid),
                reverse=True,
            )
        return sum(now.values())

    def __exit__(self, *exc):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=20)


def _read_response(sock, buffer: bytearray) -> tuple[int, bytes, bool]:
    """Read one HTTP/1.1 response (Content-Length framed) from ``sock``: (status, body, the
    server keeps the connection open). ``buffer`` carries bytes read past the response."""
    while True:
        end = buffer.find(b"\r\n\r\n")
        if end >= 0:
            break
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by the server")
        buffer += chunk
    head = bytes(buffer[:end]).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    length, keep = 0, True
    for line in head[1:]:
        name, _sep, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            keep = False
    start = end + 4
    while len(buffer) < start + length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by the server")
        buffer += chunk
    body = bytes(buffer[start : start + length])
    del buffer[: start + length]
    return status, body, keep


def _worker(args):
    """One load-generator process: ``threads`` keep-alive HTTP/1.1 connections, one request
    in flight on each. The request bytes are built before the clock starts and responses are
    parsed with the least work that still reads the status and the whole body, so the load
    generator's own CPU (measured and printed) stays small next to the server's."""
    jobs, path, token, deadline, threads = args
    import socket
    import threading

    latencies, statuses, bodies, finished = [], [], [], []
    lock = threading.Lock()
    index = [0]
    head = (
        f"POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n"
        "Content-Type: application/json\r\nAccept: application/json\r\n"
    ).encode()
    requests = [head + b"Content-Length: %d\r\n\r\n" % len(body) + body for body in jobs]

    def connect():
        sock = socket.create_connection(("127.0.0.1", PORT), timeout=30)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def run():
        sock, buffer = connect(), bytearray()
        while True:
            with lock:
                if index[0] >= len(requests) or time.time() > deadline:
                    sock.close()
                    return
                request = requests[index[0]]
                index[0] += 1
            started = time.perf_counter()
            try:
                sock.sendall(request)
                status, data, keep = _read_response(sock, buffer)
            except (OSError, ValueError, IndexError):
                keep, status, data = False, 0, b""
            elapsed = time.perf_counter() - started
            if not keep:
                sock.close()
                sock, buffer = connect(), bytearray()
            with lock:
                latencies.append(elapsed)
                statuses.append(status)
                bodies.append(data[:200])
                finished.append(time.time())

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies, statuses, bodies, finished


def load(
    bodies: list[bytes],
    path: str,
    token: str,
    *,
    seconds: float,
    processes: int = 2,
    threads: int = int(os.environ.get("BENCH_THREADS", "6")),
):
    """POST each body once (or until ``seconds`` pass); return (elapsed, latencies, statuses,
    response bodies). The load generator's CPU seconds are left in ``load.client_cpu``, and
    each response's completion time, in seconds since the start, in ``load.finished`` (same
    order as ``statuses``)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage.ru_utime + usage.ru_stime
    chunks = [bodies[i::processes] for i in range(processes)]
    checkpoint()
    deadline = time.time() + seconds
    busy = machine_busy()
    started, started_wall = time.perf_counter(), time.time()
    with mp.get_context("fork").Pool(processes) as pool:
        results = pool.map(_worker, [(c, path, token, deadline, threads) for c in chunks])
        pool.close()
        pool.join()
    elapsed = time.perf_counter() - started
    load.machine_cpu = machine_busy() - busy
    load.elapsed = elapsed
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    load.client_cpu = usage.ru_utime + usage.ru_stime - before
    latencies, statuses, out, load.finished = [], [], [], []
    for lat, st, bo, fin in results:
        latencies += lat
        statuses += st
        out += bo
        load.finished += [t - started_wall for t in fin]
    return elapsed, latencies, statuses, out


def percentile(values, p):
    values = sorted(values)
    if not values:
        return 0.0
    k = min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))
    return values[k]


def dumps(obj) -> bytes:
    return json.dumps(obj).encode()
