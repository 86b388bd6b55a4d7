"""Bad inputs: each gets one clear line naming the file and the problem, the
run goes on with the other files, and the store keeps what it already held.

One ``kg ingest`` run reads a folder of bad and awkward files (spaCy loads
once); each test checks its own file's message and result.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from pathlib import Path

import pytest
from conftest import SEEDS, kg

GOOD = "Egypt and Qatar mediated talks between Israel and Hamas in Cairo on Monday, officials said."
NAMES = [
    "Hamas",
    "Israel",
    "Qatar",
    "Egypt",
    "Antony Blinken",
    "Benjamin Netanyahu",
    "the United Nations",
    "Joe Biden",
    "Cairo",
    "Doha",
    "the European Union",
]
# names that are also SPARQL, Turtle or HTML syntax
HEADLINE = "Hamas \"} ; DROP ALL ; INSERT DATA { <x> <y> <z> } # O'Neil <script>alert(1)</script>"
TRICKY_RECORD = {
    "url": 'http://evil.example/a b"c>',
    "title": '"} ; CLEAR ALL ; # \\" <http://evil.example/>',
    "source": "<script>alert('x')</script> News",
    "text": GOOD,
}
TRICKY = (
    f"{HEADLINE}\n\n"
    'Mustafa "The Fox" O\'Neil, a spokesman for Hamas, said on Monday that talks with '
    "Israel in Cairo had stalled.\n\n"
    'A group calling itself "} ; DROP ALL ; INSERT DATA { <x> <y> <z> }" said it was not '
    "involved, according to Egypt's foreign ministry.\n\n"
    "Ahmed <script>alert(1)</script> al-Sayed, an adviser to Qatar's emir, said "
    "<http://evil.example/> ?s ?p ?o # was not a party to the talks.\n"
)
HTML = """<!DOCTYPE html>
<html><head><title>Qatar mediates Gaza talks</title>
<script>var tracker = "Vladimir Putin"; document.write("Subscribe to Xi Jinping Weekly");</script>
<style>.nav { color: red }</style></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/login">Olaf Scholz Portal</a></li></ul></nav>
<div class="cookie-banner">We use cookies from Emmanuel Macron Cookies Ltd.</div>
<article>
<h1>Qatar mediates Gaza talks</h1>
<p>DOHA (Reuters) - Qatar and Egypt mediated indirect talks between Israel and Hamas in Doha
on Monday, officials said.</p>
<p>"We are working relentlessly toward an agreement," said Majed al-Ansari, a spokesman for
Qatar's foreign ministry.</p>
<script>window.ads = ["Recep Tayyip Erdogan advertisement"];</script>
</article>
<footer><a href="/privacy">Privacy</a> Copyright Narendra Modi Media Group</footer>
</body></html>
"""
JUNK = ["Putin", "Xi Jinping", "Scholz", "Macron", "Erdogan", "Modi", "cookies", "Subscribe"]


def _sentence(words: int) -> str:
    rng = random.Random(7)
    out: list[str] = []
    while len(out) < words:
        out.extend((rng.choice(NAMES) + ",").split())
    return "Officials from " + " ".join(out) + " met in Cairo."


def _jsonl() -> str:
    lines = [
        json.dumps({"id": "feed-a", "text": GOOD, "title": "Cairo talks"}),
        '{"id": "feed-broken", "text": "an unterminated string',
        json.dumps(
            {
                "id": "feed-b",
                "text": "Antony Blinken met Benjamin Netanyahu in Jerusalem.",
                "title": 5,
                "date": ["not", "a", "date"],
            }
        ),
        json.dumps(["a", "list"]),
        json.dumps({"id": "feed-c", "text": "Qatar \ud800 said Hamas had replied."}),
        json.dumps({"id": "feed-notext", "title": "no text"}),
        json.dumps(TRICKY_RECORD),
    ]
    return "\n".join(lines) + "\n"


def make_inputs(folder: Path) -> dict[str, Path]:
    """The bad and awkward files, by what they are."""
    folder.mkdir(parents=True)
    files = {
        "empty": ("empty.txt", b""),
        "blank": ("blank.txt", b"  \n\t\n   \n"),
        "binary": ("binary.txt", bytes(range(256)) * 40),
        "latin1": ("latin1.txt", f"José Ramírez said: {GOOD}\n".encode("latin-1")),
        "utf16": ("utf16.txt", f"Zoë Brontë said: {GOOD}\n".encode("utf-16")),
        "utf16_nobom": ("utf16-nobom.txt", f"Zoë said: {GOOD}\n".encode("utf-16-le")),
        "huge": ("huge.txt", b"word " * 10_000_000),  # 50 MB
        "too_long": ("too-long.txt", (GOOD + " ").encode() * 12_000),  # 1.1M characters
        "jsonl": ("feed.jsonl", _jsonl().encode("utf-8", "surrogatepass")),
        "html": ("page.html", HTML.encode()),
        "long_sentence": ("long-sentence.txt", f"{_sentence(20_000)}\n\n{GOOD}\n".encode()),
        # line breaks do not end a sentence for spaCy when lines end with commas
        "long_lines": (
            "long-lines.txt",
            (GOOD + "\n\n" + _sentence(5_000).replace(", ", ",\n")).encode(),
        ),
        "no_entities": ("no-entities.txt", b"The weather was fine and the sea was calm.\n"),
        "tricky": ("tricky-names.txt", TRICKY.encode()),
        "png": ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        "docx": ("notes.docx", b"PK\x03\x04" + bytes(100)),
    }
    out = {}
    for key, (name, data) in files.items():
        (folder / name).write_bytes(data)
        out[key] = folder / name
    hidden = folder / ".git"
    hidden.mkdir()
    (hidden / "config.txt").write_text("not an article")
    return out


@pytest.fixture(scope="module")
def run(tmp_path_factory, seeds_store):
    """Ingest the folder into a copy of the seeds store, once."""
    base = tmp_path_factory.mktemp("bad")
    files = make_inputs(base / "inputs")
    store = base / "store"
    shutil.copytree(seeds_store, store)
    before = _stats(store)
    t = time.monotonic()
    p = kg("ingest", "--store", str(store), str(base / "inputs"))
    return {
        "p": p,
        "files": files,
        "store": store,
        "before": before,
        "seconds": time.monotonic() - t,
    }


def _stats(store: Path) -> dict:
    return json.loads(kg("stats", "--store", str(store), "--format", "json", check=True).stdout)


def _lines(run, level: str, path: Path) -> list[str]:
    prefix = f"kg: {level}: {path}"
    return [ln for ln in run["p"].stderr.splitlines() if ln.startswith(prefix)]


def _error(run, key: str) -> str:
    lines = _lines(run, "error", run["files"][key])
    assert len(lines) == 1, run["p"].stderr
    return lines[0]


def _warning(run, key: str) -> str:
    lines = _lines(run, "warning", run["files"][key])
    assert len(lines) == 1, run["p"].stderr
    return lines[0]


def _article_hash(store: Path, article_id: str):
    from kg.store import Store

    with Store(store, read_only=True) as s:
        return s.article_hash(article_id)


def _labels(store: Path) -> str:
    p = kg("export", "--store", str(store), "--format", "nquads", check=True)
    return "\n".join(ln for ln in p.stdout.splitlines() if "/kg/id/graph/ontology" not in ln)


def test_run_refuses_bad_files_without_traceback_and_exits_1(run):
    p = run["p"]
    assert p.returncode == 1
    assert "Traceback" not in p.stderr
    summary = p.stderr.strip().splitlines()[-1]
    assert summary.startswith("ingested ") and "error(s)" in summary
    for line in p.stderr.splitlines():
        assert line.startswith(("kg: error: ", "kg: warning: ", "[", "ingested ")), line
    assert run["seconds"] < 120, "the run took too long (a 20,000-word sentence?)"


@pytest.mark.parametrize(
    "key,problem",
    [
        ("empty", "file is empty"),
        ("blank", "file holds only whitespace"),
        ("binary", "looks like a binary file"),
        ("huge", "file is 50.0 MB; one article may be at most 10 MB"),
        ("too_long", "article text is 1,104,000 characters; at most 1,000,000 are read"),
    ],
)
def test_refused_file_is_named_with_its_problem(run, key, problem):
    assert problem in _error(run, key)


def test_store_keeps_what_it_held(run):
    from kg.articles import slug

    after = _stats(run["store"])
    # latin1, utf16, utf16_nobom, html, long_sentence, long_lines, no_entities, tricky,
    # and 4 jsonl lines
    assert after["articles"] == run["before"]["articles"] + 12
    for seed in SEEDS.glob("*.txt"):
        text = seed.read_text(encoding="utf-8")
        assert (
            _article_hash(run["store"], slug(seed.stem))[0]
            == hashlib.sha256(text.encode()).hexdigest()
        )


@pytest.mark.parametrize(
    "key,text,warning",
    [
        (
            "latin1",
            f"José Ramírez said: {GOOD}\n",
            "not UTF-8 (byte 3); read as Windows-1252/Latin-1",
        ),
        ("utf16", f"Zoë Brontë said: {GOOD}\n", None),
        ("utf16_nobom", f"Zoë said: {GOOD}\n", "no byte-order mark; read as UTF-16-LE"),
    ],
)
def test_other_encodings_are_decoded(run, key, text, warning):
    from kg.articles import slug

    if warning:
        assert warning in _warning(run, key)
    else:
        assert not _lines(run, "warning", run["files"][key])
    stored = _article_hash(run["store"], slug(run["files"][key].stem))
    assert stored is not None and stored[0] == hashlib.sha256(text.encode()).hexdigest()


def test_malformed_json_lines_are_named_and_the_others_ingested(run):
    path = run["files"]["jsonl"]
    errors = _lines(run, "error", path)
    assert [ln.split(": ")[2] for ln in errors] == [f"{path}:2", f"{path}:4", f"{path}:6"]
    assert "malformed JSON line: column" in errors[0] and "Unterminated string" in errors[0]
    assert "a list, not an object" in errors[1]
    assert 'no "text" field' in errors[2]
    assert "lone surrogates" in "\n".join(_lines(run, "warning", f"{path}:5"))
    for article_id in ("feed-a", "feed-b", "feed-c"):
        assert _article_hash(run["store"], article_id) is not None, article_id
    assert _article_hash(run["store"], "feed-broken") is None


def test_strict_refuses_the_whole_file(tmp_path, run):
    store = tmp_path / "store"
    p = kg("ingest", "--store", str(store), "--strict", str(run["files"]["jsonl"]))
    assert p.returncode == 1 and "Traceback" not in p.stderr
    line = p.stderr.strip().splitlines()[0]
    assert line.startswith(f"kg: error: {run['files']['jsonl']}:2: malformed JSON line")
    assert "(and 2 more bad line(s)); --strict: nothing read from this file" in line
    assert "ingested 0 article(s)" in p.stderr


def test_html_keeps_the_article_and_drops_scripts_and_navigation(run):
    assert not _lines(run, "error", run["files"]["html"])
    graph = _labels(run["store"])
    assert "Qatar mediates Gaza talks" in graph  # the title
    assert "Majed al-Ansari" in graph
    for junk in JUNK:
        assert junk not in graph, junk


def test_a_sentence_of_20000_words_is_left_out_with_a_warning(run):
    warning = _warning(run, "long_sentence")
    assert "a sentence of 20,00" in warning and "(line 1)" in warning
    assert "longer than 1,000 words; left out of extraction" in warning
    warning = _warning(run, "long_lines")
    assert "a sentence of 5,00" in warning and "(line 3)" in warning
    # the rest of the article is read
    graph = _labels(run["store"])
    assert "long-sentence" in graph and "Qatar" in graph


def test_an_article_with_no_entities_is_stored_with_a_warning(run):
    assert "no people, organizations or places found" in _warning(run, "no_entities")
    assert _article_hash(run["store"], "no-entities") is not None


def test_names_with_quotes_brackets_and_sparql_syntax_stay_text(run):
    import pyoxigraph as ox

    assert not _lines(run, "error", run["files"]["tricky"])
    p = kg("export", "--store", str(run["store"]), "--format", "nquads", check=True)
    values = {
        q.object.value
        for q in ox.parse(p.stdout.encode(), format=ox.RdfFormat.N_QUADS)
        if isinstance(q.object, ox.Literal)
    }
    assert HEADLINE in values  # the title of tricky-names.txt
    for key in ("title", "source", "url"):
        assert TRICKY_RECORD[key] in values, key
    p = kg("query", "--store", str(run["store"]), "mediators", "--format", "json", check=True)
    assert json.loads(p.stdout)  # the store still answers


def test_folder_reports_ignored_files_and_skips_hidden_ones(run):
    folder = run["files"]["png"].parent
    warning = [
        ln
        for ln in run["p"].stderr.splitlines()
        if ln.startswith(f"kg: warning: {folder}: ignored")
    ]
    assert warning == [
        f"kg: warning: {folder}: ignored 2 file(s) that are not .txt, .html or "
        ".jsonl (notes.docx, photo.png)"
    ]
    assert ".git" not in run["p"].stderr


def test_unsupported_and_missing_files_given_by_name(tmp_path, run):
    store = str(tmp_path / "store")
    p = kg("ingest", "--store", store, str(run["files"]["png"]))
    assert p.returncode == 1
    assert f"kg: error: {run['files']['png']}: unsupported file type '.png'" in p.stderr
    missing = tmp_path / "missing.txt"
    p = kg("ingest", "--store", store, str(missing))
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert p.stderr.strip() == f"kg: error: {missing}: no such file or folder"
