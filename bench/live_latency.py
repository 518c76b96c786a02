"""Live latency: a case created by another client → its row present in the console's queue model.

Another client files cases at 20 per second against a real central server (the embedded default: a child
process on loopback with SQLite); this process runs the console's data path — EventStream → Store →
QueueModel — on the qasync loop, as the console does. Printed: p50/p99 from the moment the other client
sends the POST to the moment the row is in the model, beside the bare loopback round-trip time
(GET /health). Goal: p99 ≤ 100 ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/live_latency.py [--cases 200] [--rate 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication

from dispatcher.client import CentralClient
from dispatcher.embedded import DEMO_PASSWORD, EmbeddedServer
from dispatcher.events import EventStream
from dispatcher.store import Store
from ui.queue.model import CASE_ID_ROLE, QueueModel


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def run(cases: int, rate: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = EmbeddedServer(Path(folder), demo_cases=50)
        url = await server.start()
        console = CentralClient(url)
        other = CentralClient(url)
        try:
            session = await console.login("operator", DEMO_PASSWORD)
            await other.login("lead", DEMO_PASSWORD)
            store = Store(session.user)
            stream = EventStream(console)
            stream.add_event_listener(store.apply)
            stream_task = asyncio.ensure_future(stream.run())
            await store.load(console, stream=stream)
            model = QueueModel(store)
            model.set_preset("all")

            sent: dict[str, float] = {}
            seen: dict[str, float] = {}
            done = asyncio.get_running_loop().create_future()

            def on_rows(_parent: QModelIndex, first: int, last: int) -> None:
                now = time.perf_counter()
                for row in range(first, last + 1):
                    case = store.cases.get(model.data(model.index(row, 0), CASE_ID_ROLE))
                    token = case.description.rsplit(" ", 1)[-1] if case else ""
                    if token in sent and token not in seen:
                        seen[token] = now
                if len(seen) == cases and not done.done():
                    done.set_result(None)

            model.rowsInserted.connect(on_rows)

            rtts = []
            for _ in range(50):
                start = time.perf_counter()
                await console.health()
                rtts.append(time.perf_counter() - start)

            async def create(token: str) -> None:
                sent[token] = time.perf_counter()
                await other.create_case(
                    {
                        "channel": "phone",
                        "category_id": 5,
                        "lat": 42.6975,
                        "lon": 23.3242,
                        "description": f"Кола на тротоара {token}",
                    }
                )

            tasks = []
            for _ in range(cases):
                tasks.append(asyncio.ensure_future(create(uuid.uuid4().hex)))
                await asyncio.sleep(1 / rate)
            await asyncio.gather(*tasks)
            await asyncio.wait_for(done, timeout=30)
            latencies = [(seen[t] - sent[t]) * 1000 for t in sent]
            print(
                f"cases created by another client: {cases} at {rate:g}/s; "
                f"console model: {model.rowCount()} rows"
            )
            print(
                f"loopback round trip (GET /health): p50 {percentile(rtts, 0.5) * 1000:6.1f} ms   "
                f"p99 {percentile(rtts, 0.99) * 1000:6.1f} ms"
            )
            print(
                f"created → row in the queue model: p50 {statistics.median(latencies):6.1f} ms   "
                f"p99 {percentile(latencies, 0.99):6.1f} ms   max {max(latencies):6.1f} ms   "
                "goal p99 ≤ 100 ms"
            )
            stream.stop()
            await asyncio.gather(stream_task, return_exceptions=True)
        finally:
            await console.aclose()
            await other.aclose()
            await server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    app.setProperty("callsofia_language", "bg")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(run(args.cases, args.rate))


if __name__ == "__main__":
    main()
