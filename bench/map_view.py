"""The live map at scale: 100,000 clustered case markers in the real ``ui.map.view.MapView`` (QtWebEngine,
offscreen), fed by the real queue model and store.

Printed:

* time to first render — from loading the page (the real Sofia districts, no tiles) until the page says
  every marker is in the cluster layer and drawn (goal ≤ 3 s), with its parts: page + channel ready, the
  first patch built and sent, the page adding the markers;
* one live update — a case moved in the store (``Store.upsert``, as an event does) until the page
  acknowledges the patch that moved its marker (goal ≤ 50 ms), and a burst of 1,000 changes in one patch;
* memory — the page's JavaScript heap, and the web engine's processes (proportional set size, so shared
  pages count once), empty map vs. 100,000 markers; the Python process's RSS for comparison;
* the queue's filter as the map's filter — narrowing 100,000 markers to a few and widening back.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/map_view.py [--markers 100000]

(as root it sets QTWEBENGINE_DISABLE_SANDBOX=1 itself)
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from queue_model import make_cases, make_reference  # noqa: E402

from dispatcher.models import Case, User  # noqa: E402
from dispatcher.store import Store  # noqa: E402
from ui.map.assets import find_assets  # noqa: E402
from ui.map.page import TileSource  # noqa: E402
from ui.map.view import MapView  # noqa: E402
from ui.queue.model import QueueModel  # noqa: E402

DISTRICTS = ROOT.parent / "shared" / "data" / "sofia_districts.simplified.geojson"
# Sofia's built-up area, roughly: markers spread over it (denser towards the centre).
CENTRE, SPREAD = (42.6977, 23.3219), (0.045, 0.075)


def spread(cases: dict[int, Case], seed: int = 11) -> dict[int, Case]:
    rng = random.Random(seed)
    placed = {}
    for case_id, case in cases.items():
        lat = CENTRE[0] + max(-2.5, min(2.5, rng.gauss(0, 1))) * SPREAD[0]
        lon = CENTRE[1] + max(-2.5, min(2.5, rng.gauss(0, 1))) * SPREAD[1]
        placed[case_id] = dataclasses.replace(case, lat=round(lat, 6), lon=round(lon, 6))
    return placed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (QtWebEngineProcess: browser helpers, zygotes, renderers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory_kb(pid: int, key: str) -> int:
    """``Pss`` from smaps_rollup or ``VmRSS`` from status, in kB (0 if the process is gone)."""
    try:
        if key == "Pss":
            text = (Path("/proc") / str(pid) / "smaps_rollup").read_text()
        else:
            text = (Path("/proc") / str(pid) / "status").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def engine_memory_mb() -> tuple[float, float]:
    """(PSS, RSS) of all web engine processes in MB."""
    pids = descendants(os.getpid())
    return (
        sum(memory_kb(p, "Pss") for p in pids) / 1024,
        sum(memory_kb(p, "VmRSS") for p in pids) / 1024,
    )


async def js_heap_mb(view: MapView) -> float:
    used = await view.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0", timeout=30)
    return (used or 0) / 1e6


async def wait_applied(view: MapView, seq: int, timeout: float = 60.0) -> float:
    """Seconds until the page acknowledged patch ``seq`` (or later)."""
    start = time.perf_counter()
    while view._applied_seq < seq:
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"patch {seq} not applied within {timeout} s")
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


async def settled(view: MapView, acks: dict[int, float], timeout: float = 30.0) -> None:
    """Until nothing waits to be sent and the page acknowledged the last patch."""
    deadline = time.perf_counter() + timeout
    while view.feed._touched or view.feed.last_seq not in acks:
        if time.perf_counter() > deadline:
            raise TimeoutError("the page did not acknowledge the last patch")
        await asyncio.sleep(0.0005)


async def run(count: int) -> None:
    districts = json.loads(DISTRICTS.read_text("utf-8")) if DISTRICTS.exists() else None
    store = Store(User(1, "operator", "Оператор", "operator", "CC"))
    store.reference = make_reference()
    build = time.perf_counter()
    store.cases = spread(make_cases(count))
    print(f"== {count:,} markers (synthetic cases built in {time.perf_counter() - build:.1f} s)")
    model = QueueModel(store)
    model.set_preset("all")
    # As in the console (ui/app.py): automatic collection off, the loaded cases frozen out of its sight.
    gc.disable()
    gc.freeze()
    own_before = memory_kb(os.getpid(), "VmRSS") / 1024

    # An empty map first: the memory baseline of the page itself.
    empty_store = Store(store.me)
    empty_store.reference = store.reference
    empty = MapView(empty_store, QueueModel(empty_store), tiles=TileSource("", ""))
    empty.resize(900, 700)
    empty.show()
    cold = time.perf_counter()
    empty.load_page(find_assets(), districts)
    while not empty.is_ready:
        await asyncio.sleep(0.005)
    cold = (time.perf_counter() - cold) * 1000
    print(f"web engine cold start: the first page (an empty map) ready in {cold:.0f} ms (once per console)")
    await asyncio.sleep(1.0)
    empty_heap = await js_heap_mb(empty)
    empty_pss, empty_rss = engine_memory_mb()
    own_empty = memory_kb(os.getpid(), "VmRSS") / 1024
    empty.close()
    empty.deleteLater()
    await asyncio.sleep(0.5)

    view = MapView(store, model, tiles=TileSource("", ""))
    view.resize(900, 700)
    view.show()
    ready_at: list[float] = []
    flushes: list[tuple[float, float]] = []
    flush = view.feed.flush

    def timed_flush() -> None:  # the first flush runs as the page connects: time it on its own
        began = time.perf_counter()
        flush()
        flushes.append((began, time.perf_counter()))

    view.feed.flush = timed_flush  # type: ignore[method-assign]
    view.ready.connect(lambda: ready_at.append(time.perf_counter()))
    start = time.perf_counter()
    view.load_page(find_assets(), districts)
    while not ready_at:
        await asyncio.sleep(0.001)
    view.feed.flush = flush  # type: ignore[method-assign]
    connected, sent = flushes[0]
    await wait_applied(view, view.feed.last_seq)
    drawn = time.perf_counter()
    await asyncio.sleep(0.05)  # the frame after
    shown = await view.evaluate("window.callsofia.stats()")
    assert shown["markers"] == count, shown
    print(
        f"time to first render             {(drawn - start) * 1000:8.0f} ms   goal ≤ 3000 ms   "
        f"{'met' if drawn - start <= 3 else 'NOT MET'}"
    )
    print(
        f"  page loaded, channel ready      {(connected - start) * 1000:8.0f} ms   (page, districts, Leaflet)"
    )
    print(f"  first patch built and sent      {(sent - connected) * 1000:8.0f} ms   (Python: rows + JSON)")
    print(f"  page adds {count:,} markers  {(drawn - sent) * 1000:8.0f} ms   (JSON.parse, markers, clusters)")

    # One live update: a case moves (as a case.updated event would move it).
    acks: dict[int, float] = {}
    view.markers_applied.connect(lambda seq, _count: acks.setdefault(seq, time.perf_counter()))
    feed = view.feed
    rng = random.Random(3)
    latencies, in_python = [], []
    ids = list(store.cases)
    for _ in range(40):
        case = store.cases[rng.choice(ids)]
        moved = dataclasses.replace(
            case, lat=round(case.lat + 0.001, 6), lon=round(case.lon - 0.001, 6), version=case.version + 1
        )
        began = time.perf_counter()
        store.upsert(moved)
        in_python.append((time.perf_counter() - began) * 1000)
        await settled(view, acks)
        latencies.append((acks[feed.last_seq] - began) * 1000)
        at = await view.evaluate(f"window.callsofia.markerPoint({case.id})")
        assert abs(at["lat"] - moved.lat) < 1e-9 and abs(at["lng"] - moved.lon) < 1e-9, (at, moved)
        await asyncio.sleep(0.15)  # past the 100 ms batching window: each update travels alone
    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(
        f"one live update (store → moved)  p50 {p50:5.1f} ms  p95 {p95:5.1f} ms  max {max(latencies):5.1f} ms"
        f"   goal ≤ 50 ms   {'met' if p95 <= 50 else 'NOT MET'}   (40 updates)"
    )
    print(
        f"  of which the store and queue model (before the map hears of it): p50 "
        f"{statistics.median(in_python):.1f} ms"
    )

    # A burst: 1,000 cases change at once (a page of events after a reconnect) → one patch.
    burst = [store.cases[i] for i in rng.sample(ids, 1000)]
    first_seq = feed.last_seq
    began = time.perf_counter()
    for case in burst:  # one store change each: the queue model re-sorts each row (its cost, not the map's)
        store.upsert(dataclasses.replace(case, lat=round(case.lat - 0.0005, 6), version=case.version + 1))
    stored = time.perf_counter()
    await settled(view, acks)
    print(
        f"burst of 1,000 moves             {(acks[feed.last_seq] - stored) * 1000:8.0f} ms   "
        f"({feed.last_seq - first_seq} patch; after the store and queue model took "
        f"{(stored - began) * 1000:.0f} ms for them)"
    )

    await asyncio.sleep(1.0)
    heap = await js_heap_mb(view)
    pss, rss = engine_memory_mb()
    own_full = memory_kb(os.getpid(), "VmRSS") / 1024
    print(
        f"memory: page JS heap {heap:6.0f} MB (empty map {empty_heap:.0f} MB); web engine processes "
        f"PSS {pss:6.0f} MB (empty map {empty_pss:.0f} MB), RSS {rss:.0f} MB (empty map {empty_rss:.0f} MB)"
    )
    print(
        f"        console process RSS (Python + the web engine's browser side): "
        f"+{own_empty - own_before:.0f} MB for an empty map, "
        f"+{own_full - own_before:.0f} MB with {count:,} markers"
    )

    # The queue's filter is the map's filter: narrowing and widening the view.
    for text in ("SOF-2026-00001", "SOF-2026-0000", "", "несъществуващо", ""):
        began = time.perf_counter()
        model.set_text_filter(text)
        filtered = time.perf_counter()
        await settled(view, acks)
        shown = await view.evaluate("window.callsofia.markers.size")
        print(
            f"filter {text!r:18} → {shown:>7,} markers   {(acks[feed.last_seq] - filtered) * 1000:6.0f} ms "
            f"in the map (the queue model: {(filtered - began) * 1000:.0f} ms)"
        )
        await asyncio.sleep(0.2)

    await asyncio.sleep(1.0)
    heap_after, (pss_after, _rss) = await js_heap_mb(view), engine_memory_mb()
    print(
        f"after these filter changes: JS heap {heap_after:.0f} MB, web engine PSS {pss_after:.0f} MB "
        "(replaced markers are garbage V8 collects later; it gives memory back to the system slowly)"
    )
    view.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--markers", type=int, default=100_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    app.setProperty("callsofia_language", "bg")
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:  # the loop pattern of ui/app.py: qasync.run() crashes at exit once QtWebEngine existed
        loop.run_until_complete(run(args.markers))


if __name__ == "__main__":
    main()
