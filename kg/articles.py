"""Reading inputs into articles: .txt (with or without a dateline), .html, .jsonl.

An ``Article`` keeps its text exactly as read, so that every character offset
the graph records points into it. Boilerplate (headline, subheads, "Read more"
links, bylines, the dateline itself) is reported as spans to mask, not cut out.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.resources import load_json

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
MAX_BYTES = 10_000_000  # one news article is far smaller; larger files are refused

# " date 2024-02-07 (Bloomberg) -- " at the start of the text
_DATELINE = re.compile(
    r"^\s*(?:date\s+)?(?P<date>\d{4}-\d{2}-\d{2})\s*(?:\((?P<agency>[^)\n]{1,40})\))?\s*(?:--|—|–)\s*",
    re.IGNORECASE,
)
# "WASHINGTON (Reuters) - " style datelines
_CITY_DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'-]{2,40}\s*\((?P<agency>[^)\n]{1,40})\)\s*(?:--|—|–|-)\s*")


@dataclass(frozen=True)
class Article:
    """One news article as read from its source."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date
    source: str | None = None  # the news agency or outlet
    url: str | None = None
    path: str | None = None
    masked: tuple[tuple[int, int], ...] = field(default=())  # boilerplate spans [start, end)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def slug(text: str) -> str:
    s = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-")
    return s[:80] or "article"


# --- decoding ---------------------------------------------------------------


def decode(data: bytes, path: object) -> tuple[str, str | None]:
    """Bytes to text. Returns (text, warning). Refuses binary and empty input."""
    if not data.strip():
        raise InputError(path, "file is empty" if not data else "file holds only whitespace")
    warning = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data.decode("utf-8-sig")
    else:
        if b"\x00" in data[:8192]:
            raise InputError(path, "looks like a binary file (NUL bytes), not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            text = data.decode("cp1252", errors="replace")
            warning = f"{path}: not UTF-8 (byte {e.start}); read as Windows-1252/Latin-1"
    if "\x00" in text:
        raise InputError(path, "looks like a binary file (NUL characters), not text")
    if not text.strip():
        raise InputError(path, "file holds only whitespace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warning


# --- boilerplate --------------------------------------------------------------


def _is_title_case_line(line: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    if not words or len(words) > 16 or line.rstrip().endswith((".", '"', "”", ":", ",")):
        return False
    small = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "as", "by",
             "with", "from", "into", "over", "after", "is", "are", "vs", "its"}
    caps = sum(w[0].isupper() for w in words if w.lower() not in small)
    content = sum(1 for w in words if w.lower() not in small)
    return content > 0 and caps / content >= 0.75


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Spans of lines that are not content: subheads, link lines, bylines."""
    prefixes = tuple(load_json("boilerplate.json")["line_prefixes"])
    spans = []
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        bare = line.strip().lstrip("-—–( ").lower()
        if not bare:
            continue
        standalone = (i + 1 >= len(lines) or not lines[i + 1].strip() or i == 0
                      or _is_title_case_line(line))
        if bare.startswith(prefixes):
            spans.append((start, end))
        elif standalone and _is_title_case_line(line) and len(line.split()) <= 16:
            spans.append((start, end))  # a headline or subhead
        elif line.strip().startswith("(") and line.strip().endswith(")"):
            spans.append((start, end))  # "(Updates with ...)" notes
    return spans


def _headline(text: str) -> str | None:
    first, _, rest = text.lstrip("\n").partition("\n")
    if rest.startswith("\n") and first.strip() and not first.rstrip().endswith((".", '"', "”")):
        return first.strip()
    return None


def make_article(
    text: str,
    id: str,
    *,
    title: str | None = None,
    published: str | None = None,
    source: str | None = None,
    url: str | None = None,
    path: str | None = None,
) -> Article:
    """Build an article from text, reading the dateline and boilerplate spans."""
    masked = []
    m = _DATELINE.match(text) or _CITY_DATELINE.match(text)
    if m:
        masked.append((m.start(), m.end()))
        if m.groupdict().get("date") and not published:
            published = m.group("date")
        if m.group("agency") and not source:
            source = m.group("agency").strip()
    headline = _headline(text)
    if headline:
        start = text.index(headline)
        masked.append((start, start + len(headline)))
    if title is None:
        title = headline
    masked.extend(boilerplate_spans(text))
    return Article(
        id=id, text=text, title=title, published=published, source=source, url=url,
        path=path, masked=tuple(sorted(set(masked))),
    )


# --- readers -----------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                path, f"file is {size / 1e6:.1f} MB; one article may be at most {MAX_BYTES / 1e6:.0f} MB"
            )
        return path.read_bytes()
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror or e}") from e


def read_text_file(path: Path, warn: Callable[[str], None] | None = None) -> Article:
    text, warning = decode(_read_bytes(path), path)
    if warning and warn:
        warn(warning)
    return make_article(text, slug(path.stem), path=str(path))


def read_html_file(path: Path, warn: Callable[[str], None] | None = None) -> Article:
    import trafilatura  # heavy; only when HTML is read

    html, warning = decode(_read_bytes(path), path)
    if warning and warn:
        warn(warning)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise InputError(path, "no article text found in the HTML")
    meta = {k: getattr(doc, k, None) for k in ("title", "date", "url", "sitename")}
    return make_article(
        body, slug(path.stem), title=meta["title"], published=meta["date"],
        source=meta["sitename"], url=meta["url"], path=str(path),
    )


def read_jsonl_file(
    path: Path, warn: Callable[[str], None] | None = None, strict: bool = False
) -> Iterator[Article]:
    """One article per line. A bad line is reported with its number and skipped,
    or, with ``strict``, refuses the whole file before anything is yielded."""
    text, warning = decode(_read_bytes(path), path)
    if warning and warn:
        warn(warning)
    good, bad = [], []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("line is not a JSON object")
            body = rec.get("text")
            if not isinstance(body, str) or not body.strip():
                raise ValueError('no "text" field with article text')
        except ValueError as e:
            bad.append(InputError(path, f"malformed JSON line: {e}", line=n))
            continue
        ident = rec.get("url") or rec.get("id") or f"{path.stem}-{hashlib.sha1(body.encode()).hexdigest()[:12]}"
        good.append(
            make_article(
                body, slug(str(ident)), title=rec.get("title"), published=rec.get("date"),
                source=rec.get("source"), url=rec.get("url"), path=f"{path}:{n}",
            )
        )
    if bad and (strict or not good):
        raise bad[0]
    for err in bad:
        if warn:
            warn(str(err))
    yield from good


def find_files(paths: list[Path]) -> list[Path]:
    """Expand folders into the article files they hold, in a stable order."""
    out = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()))
        elif p.exists():
            out.append(p)
        else:
            raise InputError(p, "no such file or folder")
    return out


def read_articles(
    path: Path, warn: Callable[[str], None] | None = None, strict: bool = False
) -> Iterator[Article]:
    """The articles in one file, by its suffix."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl_file(path, warn, strict)
    elif suffix in (".html", ".htm"):
        yield read_html_file(path, warn)
    elif suffix == ".txt" or not suffix:
        yield read_text_file(path, warn)
    else:
        raise InputError(path, f"unsupported file type {suffix!r}; use .txt, .html or .jsonl")
