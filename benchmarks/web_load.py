"""Load benchmark of the web app: wrk (Debian's package) on loopback against a store of 100k
incidents; p50/p99 latency and throughput of the incident list and the map data.

    python benchmarks/web_load.py [--incidents 100000] [--duration 20] [--connections 50]

1. Builds (once, cached in benchmarks/out/) a SQLite store of synthetic incidents: one
   report each (Arabic or English, our own template sentences), its event, the incident with
   its summary columns and figures, an assessment for 40% of them; the store's migrations
   create the schema, rows go in with bulk inserts on the store's own tables.
2. Starts `marsad serve --workers 2` on 127.0.0.1 (a token-only account reads with a bearer
   token, as scripts do), waits for it to answer.
3. Runs wrk (`-t2 -c50 -d20s --latency`) with a Lua script that cycles through a fixed,
   varied set of URLs (pages, sorts, countries, types, grades, date ranges; map zooms and
   boxes), once with the response cache on (the default) and once with it off
   (MARSAD_CACHE=0: every request queries SQLite), for each endpoint.
4. Prints a Markdown table and writes benchmarks/out/web_load.json.

Bounded: each wrk run lasts `--duration` seconds; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"

# (name, arabic name, country, admin1, lat, lon)
PLACES = [
    ("Albu Kamal", "البوكمال", "SY", "Deir ez-Zor", 34.45, 40.92),
    ("Deir ez-Zor", "دير الزور", "SY", "Deir ez-Zor", 35.34, 40.14),
    ("Raqqa", "الرقة", "SY", "Raqqa", 35.95, 39.01),
    ("Idlib", "إدلب", "SY", "Idlib", 35.93, 36.63),
    ("Aleppo", "حلب", "SY", "Aleppo", 36.20, 37.16),
    ("Homs", "حمص", "SY", "Homs", 34.73, 36.71),
    ("Daraa", "درعا", "SY", "Daraa", 32.62, 36.10),
    ("Mosul", "الموصل", "IQ", "Nineveh", 36.34, 43.12),
    ("Fallujah", "الفلوجة", "IQ", "Anbar", 33.35, 43.78),
    ("Ramadi", "الرمادي", "IQ", "Anbar", 33.42, 43.30),
    ("Kirkuk", "كركوك", "IQ", "Kirkuk", 35.47, 44.39),
    ("Tikrit", "تكريت", "IQ", "Salah ad-Din", 34.61, 43.68),
    ("Sanaa", "صنعاء", "YE", "Sanaa", 15.37, 44.19),
    ("Aden", "عدن", "YE", "Aden", 12.78, 45.04),
    ("Taiz", "تعز", "YE", "Taiz", 13.58, 44.02),
    ("Hodeidah", "الحديدة", "YE", "Hodeidah", 14.80, 42.95),
    ("Marib", "مأرب", "YE", "Marib", 15.46, 45.33),
    ("Sirte", "سرت", "LY", "Sirte", 31.21, 16.59),
    ("Benghazi", "بنغازي", "LY", "Benghazi", 32.12, 20.07),
    ("Tripoli", "طرابلس", "LY", "Tripoli", 32.89, 13.19),
    ("Khan Younis", "خان يونس", "PS", "Gaza", 31.35, 34.31),
    ("Rafah", "رفح", "PS", "Gaza", 31.30, 34.25),
    ("Tyre", "صور", "LB", "South", 33.27, 35.20),
    ("Nabatieh", "النبطية", "LB", "Nabatieh", 33.38, 35.48),
    ("El Fasher", "الفاشر", "SD", "North Darfur", 13.63, 25.35),
    ("Omdurman", "أم درمان", "SD", "Khartoum", 15.64, 32.48),
    ("Mogadishu", "مقديشو", "SO", "Banaadir", 2.05, 45.32),
]
TYPES = [("ASSAULT", "aerial", 0.45), ("ASSAULT", "drone", 0.15),
         ("ASSAULT", "heavy-weapons", 0.2), ("ASSAULT", "explosives", 0.08),
         ("THREATEN", None, 0.07), ("MOBILIZE", None, 0.05)]
ACTORS = ["International coalition", "Syrian government forces", "Russian forces",
          "Islamic State", "Houthi forces", "Saudi-led coalition", "Rapid Support Forces",
          "Israeli forces", "Turkish forces", None]
GRADES = ["confirmed", "fair", "weak", "contested", "discounted"]
AR_TEMPLATE = ("قالت مصادر محلية إن {mode} استهدف {place} يوم {day}، ما أسفر عن مقتل {k} "
               "مدنيين وإصابة آخرين، فيما لم يصدر تعليق من الجهة المسؤولة.")
EN_TEMPLATE = ("Local sources said a {mode} hit {place} on {day}, killing {k} civilians and "
               "wounding others; there was no comment from those responsible.")
AR_MODES = {"aerial": "غارة جوية", "drone": "هجوم بطائرة مسيرة", "heavy-weapons": "قصف مدفعي",
            "explosives": "انفجار", None: "هجوم"}


def build_store(path: Path, n: int, seed: int = 7) -> None:
    """A store of `n` synthetic incidents (one report and one event each)."""
    from sqlalchemy import insert

    from marsad.store.database import Store
    from marsad.store.models import Assessment, Document, Event, Incident, IncidentMember
    from marsad.web import auth

    rng = random.Random(seed)
    store = Store(f"sqlite:///{path}")
    start = date(2014, 1, 1)
    span = (date(2026, 11, 1) - start).days
    weights = [t[2] for t in TYPES]
    batch = 5000
    t0 = time.perf_counter()
    with store.engine.begin() as conn:
        for first in range(1, n + 1, batch):
            docs, events, incidents, members, assessments = [], [], [], [], []
            for i in range(first, min(first + batch, n + 1)):
                name, ar_name, cc, admin1, lat, lon = rng.choice(PLACES)
                lat += rng.gauss(0, 0.15)
                lon += rng.gauss(0, 0.15)
                type_, mode, _ = rng.choices(TYPES, weights)[0]
                day = start + timedelta(days=rng.randrange(span))
                killed = int(rng.paretovariate(1.3)) - 1 if type_ == "ASSAULT" else 0
                high = killed + rng.choice([0, 0, 0, 1, 2, 5])
                actor = rng.choice(ACTORS)
                arabic = rng.random() < 0.6
                text = (AR_TEMPLATE if arabic else EN_TEMPLATE).format(
                    mode=AR_MODES.get(mode, "هجوم") if arabic else (mode or "attack"),
                    place=ar_name if arabic else name, day=day.isoformat(), k=killed)
                casualties = ([{"kind": "killed", "group": "civilians", "min": killed,
                                "max": high, "text": str(killed)}] if type_ == "ASSAULT"
                              else [])
                place = {"text": ar_name if arabic else name, "name": name, "lat": lat,
                         "lon": lon, "country": cc, "admin1": admin1, "precision": "city"}
                data = {"type": type_, "mode": mode, "actor": {"name": actor} if actor else None,
                        "places": [place], "casualties": casualties,
                        "date": {"start": day.isoformat(), "end": day.isoformat(),
                                 "precision": "day"},
                        "evidence": {"start": 0, "end": 10, "trigger": text[:10]}}
                docs.append({"id": i, "sha256": f"{i:064x}", "doc_id": f"bench-{i}",
                             "title": text[:60], "outlet": rng.choice(
                                 ["Example Wire", "وكالة الأنباء المحلية", "شبكة الرصد",
                                  "Daily Example"]),
                             "lang": "ar" if arabic else "en", "published": day, "text": text,
                             "status": "ok", "url": f"https://news.example.org/{i}"})
                events.append({"id": i, "document_id": i, "seq": 0, "type": type_,
                               "mode": mode, "modality": "asserted", "actor_name": actor,
                               "place_name": name, "lat": lat, "lon": lon, "country": cc,
                               "admin1": admin1, "date_start": day, "date_end": day,
                               "date_precision": "day", "win_start": day, "win_end": day,
                               "clusterable": True, "data": data})
                figures = ([{"kind": "killed", "group": "civilians", "min": killed,
                             "max": high, "open": False,
                             "sources": [{"document_id": i, "min": killed, "max": high}]}]
                           if casualties else [])
                incidents.append({
                    "id": i, "status": "active", "type": type_, "mode": mode,
                    "date_start": day, "date_end": day, "date_precision": "day",
                    "place_name": name, "lat": lat, "lon": lon, "country": cc,
                    "admin1": admin1, "place_precision": "city", "actor_name": actor,
                    "n_documents": 1, "n_events": 1,
                    "killed_min": killed if casualties else None,
                    "killed_max": high if casualties else None,
                    "civilians_killed_min": killed if casualties else None,
                    "civilians_killed_max": high if casualties else None, "figures": figures})
                members.append({"incident_id": i, "event_id": i, "document_id": i,
                                "added_by": "clusterer", "rule": "new-incident"})
                if rng.random() < 0.4:
                    assessments.append({"incident_id": i, "grade": rng.choice(GRADES),
                                        "response": "not yet assessed"})
            conn.execute(insert(Document), docs)
            conn.execute(insert(Event), events)
            conn.execute(insert(Incident), incidents)
            conn.execute(insert(IncidentMember), members)
            if assessments:
                conn.execute(insert(Assessment), assessments)
    with store.session() as session:
        auth.add_user(session, "bench", "viewer", None)
    print(f"built {n} incidents in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    t0 = time.perf_counter()
    from marsad.web.queries import sync_search

    with store.session() as session:
        sync_search(session)
    print(f"search index built in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    store.close()


def token(path: Path) -> str:
    from marsad.store.database import Store
    from marsad.web import auth

    store = Store(f"sqlite:///{path}")
    with store.session() as session:
        _, secret = auth.create_token(session, "bench", "web_load")
    store.close()
    return secret


def url_mix(kind: str, rng: random.Random) -> list[str]:
    """A fixed, varied set of request paths for one endpoint."""
    countries = ["SY", "IQ", "YE", "LY", "PS", "LB", "SD"]
    paths = []
    if kind == "list":
        for _ in range(200):
            params = [f"page={rng.randint(1, 40)}", "per_page=50"]
            if rng.random() < 0.5:
                params.append(f"country={rng.choice(countries)}")
            if rng.random() < 0.3:
                params.append(f"type={rng.choice(['ASSAULT', 'THREATEN'])}")
            if rng.random() < 0.3:
                params.append(f"grade={rng.choice(GRADES + ['unassessed'])}")
            if rng.random() < 0.3:
                year = rng.randint(2014, 2026)
                params.append(f"date_from={year}-01-01&date_to={year}-12-31")
            if rng.random() < 0.3:
                params.append(f"sort={rng.choice(['-date', '-killed', 'date', '-sources'])}")
            paths.append("/api/incidents?" + "&".join(params))
    else:
        for _ in range(200):
            zoom = rng.randint(3, 9)
            _name, _, cc, _, lat, lon = rng.choice(PLACES)
            half = 180 / 2 ** zoom * 2
            params = [f"zoom={zoom}", "bbox=" + ",".join(f"{v:.3f}" for v in (
                lon - half * 1.6, lat - half, lon + half * 1.6, lat + half))]
            if zoom <= 4 and rng.random() < 0.5:
                params = [f"zoom={zoom}"]  # the whole map, as the page first asks
            if rng.random() < 0.3:
                params.append(f"country={cc}")
            if rng.random() < 0.2:
                params.append(f"grade={rng.choice(GRADES)}")
            paths.append("/api/map?" + "&".join(params))
    return paths


LUA = """
local paths = {%s}
local i = 0
wrk.headers["Authorization"] = "Bearer %s"
wrk.headers["Accept"] = "application/json"
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def free_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def start_server(path: Path, port: int, cache: bool, workers: int) -> subprocess.Popen:
    env = {**os.environ, "MARSAD_CACHE": "1" if cache else "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "marsad", "serve", "--db", f"sqlite:///{path}", "--port",
         str(port), "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, start_new_session=True)
    for _ in range(300):  # bounded: at most ~60 s
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.2)
    stop_server(process)
    raise RuntimeError("the server did not start")


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)  # the server's own process group only
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _loadavg() -> float | None:
    """The 1-minute load average: other work on the machine shows here."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(port: int, script: Path, duration: int, connections: int,
            threads: int) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
               "-s", str(script), f"http://127.0.0.1:{port}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True,
                            timeout=duration + 60).stdout
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {"command": " ".join(command), "p50_ms": _ms(percentiles["50"]),
            "p90_ms": _ms(percentiles["90"]), "p99_ms": _ms(percentiles["99"]),
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "requests": int(re.search(r"(\d+) requests in", output).group(1)),
            "non_2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1) if socket_errors else None,
            "raw": output}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"web_load_{args.incidents}.db"
    if args.rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        build_store(path, args.incidents)
    secret = token(path)
    rng = random.Random(11)
    results = []
    for cache in (True, False):
        port = free_port()
        server = start_server(path, port, cache, args.workers)
        try:
            for kind in ("list", "map"):
                paths = url_mix(kind, rng)
                script = OUT / f"web_load_{kind}.lua"
                script.write_text(LUA % (", ".join(json.dumps(p) for p in paths), secret))
                # warm-up: both workers loaded (the health check is answered by whichever
                # is up first), connections open, the caches of this URL mix filled
                run_wrk(port, script, 10, args.connections, args.threads)
                load_before = _loadavg()
                result = run_wrk(port, script, args.duration, args.connections, args.threads)
                result.update(endpoint=kind, cache=cache, urls=len(paths),
                              loadavg_before=load_before, loadavg_after=_loadavg())
                results.append(result)
                print(f"{kind:4} cache={'on ' if cache else 'off'} p50 {result['p50_ms']:.1f} ms"
                      f"  p99 {result['p99_ms']:.1f} ms  {result['rps']:.0f} req/s  "
                      f"non-2xx {result['non_2xx']}", file=sys.stderr)
        finally:
            stop_server(server)
    report = {"date": date.today().isoformat(), "incidents": args.incidents,
              "machine": f"{os.cpu_count()} cores", "workers": args.workers,
              "connections": args.connections, "duration_s": args.duration,
              "results": [{k: v for k, v in r.items() if k != "raw"} for r in results]}
    (OUT / "web_load.json").write_text(json.dumps(report, indent=1))
    print("| endpoint | response cache | p50 ms | p90 ms | p99 ms | requests/s | non-2xx "
          "| load avg before/after |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for r in results:
        name = "/api/incidents" if r["endpoint"] == "list" else "/api/map"
        print(f"| {name} | {'on' if r['cache'] else 'off'} | {r['p50_ms']:.1f} | "
              f"{r['p90_ms']:.1f} | {r['p99_ms']:.1f} | {r['rps']:.0f} | {r['non_2xx']} | "
              f"{r['loadavg_before']} / {r['loadavg_after']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
