"""500 secret ballots cast concurrently against the web server (gunicorn on port 8401).

Checks that no ballot is lost and none is counted twice (100 extra attempts re-use a voter),
and reports the p99 latency of a cast.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/guild_governance \
     /work/main/.venv/bin/python bench/ballot_burst.py
"""

import os
import pathlib
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guild.config.settings")

from governance_common import ROOT, fresh_database, make_members  # noqa: E402

VOTERS, DUPLICATES, PORT, CONCURRENCY = 500, 100, 8401, 48


def main() -> None:
    _url, drop = fresh_database("gov_burst")
    server = None
    try:
        import django

        django.setup()
        resolution_id, sessions = prepare()
        from django.db import connections

        connections.close_all()
        static_root = tempfile.mkdtemp(prefix="gov-static-")
        os.environ["STATIC_ROOT"] = static_root
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
            check=True,
            env=os.environ.copy(),
        )
        server = subprocess.Popen(
            [
                str(pathlib.Path(sys.executable).parent / "gunicorn"),
                "guild.config.wsgi:application",
                "-b",
                f"127.0.0.1:{PORT}",
                "-w",
                "3",
                "--threads",
                "8",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        wait_for_port(PORT)
        burst(resolution_id, sessions)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        from django.db import connections

        connections.close_all()
        drop()


def prepare():
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from guild.governance.models import Attendance, Voter
    from guild.governance.services import (
        agenda_item_add,
        assembly_convene,
        assembly_create,
        assembly_open,
        policy_create_version,
        resolution_add,
        resolution_open,
    )

    make_members(VOTERS, users=True)
    policy_create_version(
        actor=None, data={}, effective_from=timezone.localdate(), check_permission=False
    )
    start = timezone.now() + timedelta(days=30)
    assembly = assembly_create(
        actor=None,
        title="AG",
        kind="ordinary",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        location="Limoges",
    )
    agenda_item_add(actor=None, assembly=assembly, title="Vote")
    assembly_convene(actor=None, assembly=assembly)
    voters = list(Voter.objects.filter(assembly=assembly).select_related("user"))
    Attendance.objects.bulk_create(
        [Attendance(voter=v, assembly=assembly, mode="remote") for v in voters]
    )
    assembly_open(actor=None, assembly=assembly)
    resolution = resolution_add(
        actor=None, assembly=assembly, title="Motion secrète", decision_type="ordinary", secret=True
    )
    resolution_open(actor=None, resolution=resolution)
    sessions = []
    for voter in voters:
        session = SessionStore()
        session[SESSION_KEY] = str(voter.user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = voter.user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return resolution.pk, sessions


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def cast(resolution_id: int, session_key: str) -> tuple[float, int, bool]:
    token = secrets.token_hex(16)
    data = urllib.parse.urlencode({"choice": random.choice(["yes", "no", "abstain"])}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/governance/resolutions/{resolution_id}/vote/",
        data=data,
        headers={
            "Cookie": f"sessionid={session_key}; csrftoken={token}",
            "X-CSRFToken": token,
            "Referer": f"http://127.0.0.1:{PORT}/",
        },
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read().decode(), exc.code
    return time.perf_counter() - started, status, 'class="font-monospace receipt"' in body


def burst(resolution_id: int, sessions: list[str]) -> None:
    from guild.governance.models import Ballot, Participation

    attempts = list(sessions) + random.Random(3).sample(sessions, DUPLICATES)
    random.Random(5).shuffle(attempts)
    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(pool.map(lambda key: cast(resolution_id, key), attempts))
    wall = time.perf_counter() - started
    latencies = sorted(r[0] for r in results)
    accepted = sum(1 for r in results if r[2])
    errors = sum(1 for r in results if r[1] >= 500)
    ballots = Ballot.objects.filter(resolution_id=resolution_id).count()
    participations = Participation.objects.filter(resolution_id=resolution_id).count()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(
        f"{len(attempts)} casts ({DUPLICATES} second attempts) by {CONCURRENCY} clients in "
        f"{wall:.1f} s: accepted {accepted}, server errors {errors}"
    )
    print(
        f"stored: {ballots} ballots, {participations} 'has voted' records "
        f"(expected {len(sessions)}: none lost, none counted twice)"
    )
    print(f"latency p50 {p50:.0f} ms, p99 {p99:.0f} ms")
    assert ballots == participations == accepted == len(sessions), "lost or double ballots"
    assert errors == 0
    print(f"ballot_burst: {p99:.0f} ms p99")


if __name__ == "__main__":
    main()
