"""The ``kg viz`` page in a real headless Chromium, with the network blocked.

Chromium is driven over its DevTools protocol through ``--remote-debugging-pipe``
(file descriptors 3 and 4, NUL-separated JSON): no websocket library needed.
The page is loaded from a file: URL; the test records every request, console
message, exception and dialog, and reads the page's own state (``window.kgViz``).
Skipped when Debian's ``chromium`` is not installed (scripts/test.sh installs it).
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import kg

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)

EVIL_SCRIPT = "<script>alert(1)</script>"
EVIL_IMG = "<img src=x onerror=\"document.title='pwned'\">"


class Browser:
    """A headless Chromium and a minimal DevTools protocol client over a pipe."""

    def __init__(self, user_data_dir: Path) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # the child expects its ends as fds 3 (commands in) and 4 (replies out);
        # move them above any fd the dup2 could clobber first
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_child_r, from_child_w)]

        def child_fds() -> None:
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        args = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--mute-audio",
            f"--user-data-dir={user_data_dir}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=127.0.0.1:9",
            "--window-size=1400,900",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=child_fds,
        )
        for fd in (to_child_r, from_child_w, *high):
            os.close(fd)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []

    def send(
        self,
        method: str,
        params: dict | None = None,
        session: str | None = None,
        timeout: float = 20,
    ) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._next(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def _next(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_child], [], [], left)[0]:
                raise TimeoutError("no reply from chromium")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def wait_event(self, method: str, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for ev in self.events:
                if ev.get("method") == method:
                    return ev
            self.events.append(self._next(deadline))

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)


class Tab:
    """One page: records requests, console messages, exceptions and dialogs."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.b = browser
        self.b.events.clear()
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.call(f"{domain}.enable")
        self.call("Page.navigate", {"url": url})
        browser.wait_event("Page.loadEventFired")

    def call(self, method: str, params: dict | None = None) -> dict:
        return self.b.send(method, params, self.session)

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def node_xy(self, node: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        return tuple(
            self.js(
                f"(() => {{ const n = {json.dumps(node)};"
                " const d = kgViz.network.canvasToDOM(kgViz.network.getPositions([n])[n]);"
                " const r = document.getElementById('mynetwork').getBoundingClientRect();"
                " return [d.x + r.left, d.y + r.top]; })()"
            )
        )

    def mouse(self, kind: str, xy: tuple[float, float]) -> None:
        params = {"type": kind, "x": xy[0], "y": xy[1]}
        if kind != "mouseMoved":
            params.update(button="left", clickCount=1)
        self.call("Input.dispatchMouseEvent", params)

    def wait_for(self, expression: str, timeout: float = 5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"still false after {timeout} s: {expression}")

    def wait_until_stable(self, timeout: float = 25) -> dict:
        """The page's state once the layout has settled and been drawn (vis-network
        may draw its first frame a moment after it reports the layout done)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.js("window.kgViz ? kgViz.state : null")
            if state and state["stabilized"] and state["drawn"]:
                return state
            time.sleep(0.1)
        raise AssertionError(f"layout not settled and drawn in {timeout} s: {state}")

    def _events(self, method: str) -> list[dict]:
        return [
            e["params"]
            for e in self.b.events
            if e.get("method") == method and e.get("sessionId") == self.session
        ]

    def requests(self) -> list[str]:
        return [e["request"]["url"] for e in self._events("Network.requestWillBeSent")]

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, error log entries."""
        out = [
            str(e["args"])
            for e in self._events("Runtime.consoleAPICalled")
            if e["type"] in ("error", "warning", "assert")
        ]
        out += [str(e["exceptionDetails"]) for e in self._events("Runtime.exceptionThrown")]
        out += [
            e["entry"]["text"]
            for e in self._events("Log.entryAdded")
            if e["entry"]["level"] in ("error", "warning")
        ]
        return out

    def dialogs(self) -> list[dict]:
        return self._events("Page.javascriptDialogOpening")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def open_page(browser: Browser, path: Path) -> Tab:
    tab = Tab(browser, path.resolve().as_uri())
    return tab


def assert_clean(tab: Tab, state: dict) -> None:
    assert state["errors"] == []
    assert tab.problems() == []
    assert tab.dialogs() == []
    outside = [u for u in tab.requests() if not u.startswith(("file:", "data:"))]
    assert outside == []


def test_seeds_page_offline_draws_and_interacts(browser, seeds_store, tmp_path):
    from kg.store import Store
    from kg.viz import view

    out = tmp_path / "seeds.html"
    kg("viz", "--store", str(seeds_store), "--output", str(out), check=True)
    with Store(seeds_store, read_only=True) as store:
        vm = view(store)
    tab = open_page(browser, out)
    state = tab.wait_until_stable()
    assert (state["nodes"], state["edges"]) == (len(vm.nodes), len(vm.edges))
    assert state["physics"] is False and state["drawn"] is True
    assert 0 < state["iterations"] <= state["iterationsCap"]
    assert tab.js("document.querySelectorAll('#kg-legend li').length") >= 4

    # hovering a node (a real mouse move) shows its evidence; clicking lists its facts
    blinken = next(n.id for n in vm.nodes.values() if n.label == "Antony Blinken")
    xy = tab.node_xy(blinken)
    tab.mouse("mouseMoved", xy)
    tip = tab.wait_for(
        "!document.getElementById('kg-tooltip').hidden"
        " && document.getElementById('kg-tooltip').textContent"
    )
    assert tip.startswith("Antony Blinken") and "also: Blinken" in tip
    assert vm.articles[vm.nodes[blinken].articles[0]][0] in tip
    tab.mouse("mousePressed", xy)
    tab.mouse("mouseReleased", xy)
    panel = tab.wait_for(
        "document.querySelector('#kg-details h3')"
        " && document.getElementById('kg-details').textContent"
    )
    assert panel.startswith("Antony Blinken") and "speaksFor → United States" in panel
    assert "Secretary of State" in panel  # a literal fact, with its evidence

    # the search box finds and selects a node (and lists its facts)
    israel = tab.js("kgViz.search('ISRAEL')")
    assert israel and vm.nodes[israel].label == "Israel"
    assert tab.js("kgViz.network.getSelectedNodes()") == [israel]
    assert tab.js("document.querySelector('#kg-details h3').textContent") == "Israel"

    # hovering an edge shows its evidence sentence and article
    edge = next(e for e in vm.edges if e.rel == "speaksFor" and e.source == blinken)
    tip = tab.js(f"kgViz.edgeTip({json.dumps(edge.id)})")
    sentence = vm.sentences[edge.evidence[0]][0]
    assert sentence[:60] in tip and vm.articles[edge.articles[0]][0] in tip

    # filters hide edges by relation and by article
    every = tab.js("kgViz.resetFilters()")
    assert tab.js("kgViz.setRelation('speaker', false)") < every
    assert tab.js("kgViz.edges.get().filter(e => e.label === 'speaker' && !e.hidden).length") == 0
    tab.js("kgViz.setRelation('speaker', true)")
    first = next(iter(vm.articles))
    assert tab.js(f"kgViz.setArticle({json.dumps(first)})") < every
    assert tab.js("kgViz.resetFilters()") == every
    assert_clean(tab, tab.js("kgViz.state"))


def test_injected_markup_stays_text(browser, tmp_path):
    article = tmp_path / "evil.txt"
    article.write_text(
        f"Talks on {EVIL_SCRIPT} Resume in Doha\n\n"
        "DOHA (Reuters) - Qatar is mediating talks between Israel and Hamas on a ceasefire, "
        "officials said on Monday.\n\n"
        f"\u201cWe will never accept {EVIL_SCRIPT} or {EVIL_IMG} in any deal,\u201d "
        "Prime Minister Benjamin Netanyahu said.\n\n"
        f"Hamas spokesman Abu {EVIL_SCRIPT} Obeida met Egyptian Foreign Minister "
        f"Sameh Shoukry in Cairo. The {EVIL_IMG} Brigades rejected the proposal.\n",
        encoding="utf-8",
    )
    store, out = tmp_path / "store", tmp_path / "evil.html"
    kg("ingest", "--store", str(store), str(article), check=True)
    kg("viz", "--store", str(store), "--output", str(out), check=True)
    tab = open_page(browser, out)
    state = tab.wait_until_stable()
    assert state["nodes"] > 0
    assert tab.js("document.title") != "pwned"
    assert tab.js("document.querySelectorAll('img').length") == 0
    assert tab.js("document.querySelectorAll('script').length") == 6  # 4 data + vis + page
    # the markup is shown as text: the quote's node and its evidence, the article title
    quote = tab.js("kgViz.find('we will never accept')[0]")
    assert quote, "the quote with markup was not extracted"
    tab.js(f"kgViz.showNode({json.dumps(quote)})")
    panel = tab.js("document.getElementById('kg-details').textContent")
    assert EVIL_SCRIPT in panel and "onerror=" in panel
    tip = tab.js(f"kgViz.nodeTip({json.dumps(quote)})")
    assert EVIL_SCRIPT in tip
    options = tab.js("[...document.querySelectorAll('#kg-article option')].map(o => o.text)")
    assert any(EVIL_SCRIPT in o for o in options)
    assert tab.js("document.querySelectorAll('img, [onerror], [src]').length") == 0
    assert tab.js("document.title") != "pwned"
    assert_clean(tab, tab.js("kgViz.state"))


def test_two_thousand_nodes_stabilize_then_physics_stops(browser, tmp_path):
    from test_viz import synthetic_view

    from kg.viz import render_html

    vm = synthetic_view(2000, evil_label=EVIL_IMG)
    out = tmp_path / "big.html"
    out.write_text(render_html(vm), encoding="utf-8")
    tab = open_page(browser, out)
    state = tab.wait_until_stable(timeout=25)
    assert state["nodes"] == 2000 and state["edges"] == len(vm.edges)
    assert state["physics"] is False
    assert state["iterations"] <= state["iterationsCap"] <= 1000
    assert state["stabilizationMs"] is not None
    assert tab.js("kgViz.network.physics.options.enabled") is False
    node0 = next(iter(vm.nodes))
    assert EVIL_IMG in tab.js(f"kgViz.nodeTip({json.dumps(node0)})")
    assert tab.js("document.title") != "pwned"
    assert_clean(tab, tab.js("kgViz.state"))
