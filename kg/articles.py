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
MAX_CHARS = 1_000_000  # spaCy's default max_length: longer texts are refused
# A "sentence" (text between sentence ends; spaCy runs on over line breaks) longer
# than this is left out of extraction, with a warning: the stages' cost grows with
# the square of a sentence's length (20,000 words of names take minutes), and no news
# sentence comes near it.
MAX_SENTENCE_WORDS = 1_000

# " date 2024-02-07 (Bloomberg) -- " at the start of the text (or of the line
# after a headline; both patterns are used with .match at that position)
_DATELINE = re.compile(
    r"\s*(?:date\s+)?(?P<date>\d{4}-\d{2}-\d{2})\s*(?:\((?P<agency>[^)\n]{1,40})\))?\s*(?:--|—|–)\s*",
    re.IGNORECASE,
)
# "WASHINGTON (Reuters) - " style datelines
# "WASHINGTON (Reuters) - ", "KYIV, Jan 3 (Reuters) - ", "DOHA, Nov. 9 (AFP) -- ",
# with a region after the city: "ARLINGTON, Va. (AP) - ", "KINGSTOWN, St Vincent
# and the Grenadines, Dec 14 (AP) - "; AFP's title-case city: "Addis Ababa (AFP) - "
_CITY_DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z .'-]{1,40}|[A-Z][a-z.'-]+(?: [A-Z][a-z.'-]+){0,3})"
    r"(?:,[ ]*[A-Z][A-Za-z.'-]*(?:[ ]+(?:[A-Z][A-Za-z.'-]*|and|the|of))*)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?,?\s*"
    r"\((?P<agency>[^)\n]{1,40})\)\s*(?:--|—|–|-)\s*"
)


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
        text = _decode_or_refuse(data, "utf-16", path)
    elif data.startswith(b"\xef\xbb\xbf"):
        text = _decode_or_refuse(data, "utf-8-sig", path)
    elif b"\x00" in data[:8192]:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise InputError(path, "looks like a binary file (NUL bytes), not text")
        text = _decode_or_refuse(data, encoding, path)
        warning = f"{path}: no byte-order mark; read as {encoding.upper()}"
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            text = data.decode("cp1252", errors="replace")
            warning = f"{path}: not UTF-8 (byte {e.start}); read as Windows-1252/Latin-1"
    if "\x00" in text or _mostly_control(text[:8192]):
        raise InputError(path, "looks like a binary file (control characters), not text")
    if not text.strip():
        raise InputError(path, "file holds only whitespace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warning


def _decode_or_refuse(data: bytes, encoding: str, path: object) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(
            path, f"not valid {encoding.upper()} (byte {e.start}): {e.reason}"
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for text that looks like UTF-16 without a BOM
    (mostly ASCII: every other byte is NUL), else None."""
    sample = data[:8192]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros) and other.count(0) <= 0.05 * len(other):
            return encoding
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters but whitespace


def _mostly_control(text: str) -> bool:
    """Binary data that happens to decode: many control characters."""
    if not text:
        return False
    return len(_CONTROL.findall(text)) > 0.1 * len(text)


def check_length(text: str, path: object, line: int | None = None) -> None:
    """Refuse a text longer than ``MAX_CHARS``."""
    if len(text) > MAX_CHARS:
        raise InputError(
            path,
            f"article text is {len(text):,} characters; at most "
            f"{MAX_CHARS:,} are read (split it into articles)",
            line=line,
        )


def clean_text(value: str) -> tuple[str, int]:
    """Replace lone surrogates (from JSON escapes such as \\ud800), which are not
    Unicode text, with U+FFFD. Returns the text and the number replaced."""
    try:
        value.encode("utf-8")
        return value, 0
    except UnicodeEncodeError:
        out = re.sub("[\ud800-\udfff]", "\ufffd", value)
        return out, sum(1 for a, b in zip(value, out, strict=True) if a != b)


# a sentence end: . ! ? (and closing quotes) before a space and not a lower-case word;
# line breaks are not sentence ends for spaCy when the line ends in a comma
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?![a-z])")


def overlong_sentences(text: str, limit: int = MAX_SENTENCE_WORDS) -> list[tuple[int, int, int]]:
    """(start, end, words) of stretches longer than ``limit`` words with no
    sentence end: no news sentence is that long."""
    out = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text + ". "):
        end = min(m.start(), len(text))
        if end - start > limit:  # a cheap bound before counting words
            words = len(text[start:end].split())
            if words > limit:
                out.append((start, end, words))
        start = m.end()
    return out


# --- boilerplate --------------------------------------------------------------


def _is_title_case_line(line: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    if not words or len(words) > 16 or line.rstrip().endswith((".", '"', "”", ":", ",")):
        return False
    small = {
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "as",
        "by",
        "with",
        "from",
        "into",
        "over",
        "after",
        "is",
        "are",
        "vs",
        "its",
    }
    caps = sum(w[0].isupper() for w in words if w.lower() not in small)
    content = sum(1 for w in words if w.lower() not in small)
    return content > 0 and caps / content >= 0.75


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Spans of lines that are not content: subheads, link lines, bylines."""
    lines_data = load_json("boilerplate.json")
    prefixes = tuple(lines_data["line_prefixes"])
    suffixes = tuple(lines_data.get("line_suffixes", ()))
    spans = []
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        bare = line.strip().lstrip("-—–( ").lower()
        if not bare:
            continue
        standalone = (
            i + 1 >= len(lines) or not lines[i + 1].strip() or i == 0 or _is_title_case_line(line)
        )
        trailer = len(line.split()) <= 20 and line.strip().lower().endswith(suffixes)
        if bare.startswith(prefixes) or trailer:  # not a paragraph that ends with one
            spans.append((start, end))
        elif standalone and _is_title_case_line(line) and len(line.split()) <= 16:
            spans.append((start, end))  # a headline or subhead
        elif line.strip().startswith("(") and line.strip().endswith(")"):
            spans.append((start, end))  # "(Updates with ...)" notes
    return spans


def _dateline_starts(text: str, masked: list[tuple[int, int]]) -> list[int]:
    """Where a dateline may start: every non-blank line up to and including the
    first one that is not wholly masked (a masked line may be the dateline)."""
    starts, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(pos)
            first = pos + len(line) - len(line.lstrip())  # the line's words, without
            last = pos + len(line.rstrip())  # the spaces around them
            if not any(s <= first and last <= e for s, e in masked):
                return starts
        pos += len(line) + 1
    return [0]


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
    warn: Callable[[str], None] | None = None,
) -> Article:
    """Build an article from text, reading the dateline and boilerplate spans.
    Overlong sentences are masked too (left out of extraction), with a warning."""
    masked = []
    for start, end, words in overlong_sentences(text):
        masked.append((start, end))
        if warn:
            line = text.count("\n", 0, start) + 1
            warn(
                f"{path or id}: a sentence of {words:,} words (line {line}) is longer than "
                f"{MAX_SENTENCE_WORDS:,} words; left out of extraction"
            )
    headline = _headline(text)
    if headline:
        start = text.index(headline)
        masked.append((start, start + len(headline)))
    boilerplate = boilerplate_spans(text)
    # the dateline opens the first line of content (after a headline or a byline),
    # or is a line of its own before it (which looks like a title-case line)
    m = None
    for start in _dateline_starts(text, [*masked, *boilerplate]):
        m = _DATELINE.match(text, start) or _CITY_DATELINE.match(text, start)
        if m:
            break
    if m:
        masked.append((m.start(), m.end()))
        if m.groupdict().get("date") and not published:
            published = m.group("date")
        if m.group("agency") and not source:
            source = m.group("agency").strip()
    if title is None:
        title = headline
    masked.extend(boilerplate)
    return Article(
        id=id,
        text=text,
        title=title,
        published=published,
        source=source,
        url=url,
        path=path,
        masked=tuple(sorted(set(masked))),
    )


# --- readers -----------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                path,
                f"file is {size / 1e6:.1f} MB; one article may be at most {MAX_BYTES / 1e6:.0f} MB",
            )
        return path.read_bytes()
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror or e}") from e


def read_text_file(path: Path, warn: Callable[[str], None] | None = None) -> Article:
    text, warning = decode(_read_bytes(path), path)
    if warning and warn:
        warn(warning)
    check_length(text, path)
    return make_article(text, slug(path.stem), path=str(path), warn=warn)


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
    check_length(body, path)
    return make_article(
        body,
        slug(path.stem),
        title=meta["title"],
        published=meta["date"],
        source=meta["sitename"],
        url=meta["url"],
        path=str(path),
        warn=warn,
    )


def read_jsonl_file(
    path: Path,
    warn: Callable[[str], None] | None = None,
    strict: bool = False,
    errors: Callable[[InputError], None] | None = None,
) -> Iterator[Article]:
    """One article per line. A bad line is reported with its number and skipped
    (to ``errors`` if given, else to ``warn``; without ``errors`` a file with no
    good line raises), or, with ``strict``, refuses the whole file before
    anything is yielded."""
    text, warning = decode(_read_bytes(path), path)
    if warning and warn:
        warn(warning)
    good, bad, notes = [], [], []  # notes: warnings about lines, given if the file is read
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            good.append(_jsonl_article(line, path, n, notes.append))
        except InputError as e:
            bad.append(e)
    if bad and strict:
        more = f" (and {len(bad) - 1} more bad line(s))" if len(bad) > 1 else ""
        raise InputError(
            path, f"{bad[0].problem}{more}; --strict: nothing read from this file", line=bad[0].line
        )
    for note in notes:
        if warn:
            warn(note)
    if bad and not good and errors is None:
        raise bad[0]
    for err in bad:
        if errors:
            errors(err)
        elif warn:
            warn(str(err))
    yield from good


def _jsonl_article(line: str, path: Path, n: int, warn: Callable[[str], None] | None) -> Article:
    """The article on line ``n`` of a .jsonl file; InputError naming the line if bad."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(path, f"malformed JSON line: column {e.colno}: {e.msg}", line=n) from None
    if not isinstance(rec, dict):
        raise InputError(
            path,
            f'malformed JSON line: a {type(rec).__name__}, not an object with a "text" field',
            line=n,
        )
    body = rec.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(path, 'malformed JSON line: no "text" field with article text', line=n)
    check_length(body, path, line=n)
    body, bad_chars = clean_text(body)
    if bad_chars and warn:
        warn(
            f"{path}:{n}: {bad_chars} invalid character(s) (lone surrogates) in the text; "
            "replaced with U+FFFD"
        )
    meta = {k: _meta(rec.get(k)) for k in ("title", "date", "source", "url", "id")}
    ident = (
        meta["url"] or meta["id"] or f"{path.stem}-{hashlib.sha1(body.encode()).hexdigest()[:12]}"
    )
    return make_article(
        body,
        slug(ident),
        title=meta["title"],
        published=meta["date"],
        source=meta["source"],
        url=meta["url"],
        path=f"{path}:{n}",
        warn=warn,
    )


def _meta(value: object) -> str | None:
    """A metadata field as clean text: numbers as text; objects, lists and blanks as None."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = clean_text(str(value))[0].strip()
    return text or None


def find_files(paths: list[Path], warn: Callable[[str], None] | None = None) -> list[Path]:
    """Expand folders into the article files they hold, in a stable order.
    Hidden files and folders are passed over; other files that are not articles
    are counted in a warning."""
    out = []
    for p in paths:
        if p.is_dir():
            found, ignored = _folder_files(p)
            out.extend(found)
            if warn and ignored:
                names = ", ".join(f.name for f in ignored[:3]) + (", ..." * (len(ignored) > 3))
                warn(
                    f"{p}: ignored {len(ignored)} file(s) that are not .txt, .html or .jsonl "
                    f"({names})"
                )
            if warn and not found:
                warn(f"{p}: no .txt, .html or .jsonl files in this folder")
        elif p.exists():
            out.append(p)
        else:
            raise InputError(p, "no such file or folder")
    return out


def _folder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    found, ignored = [], []
    for f in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in f.relative_to(folder).parts) or not f.is_file():
            continue
        (found if f.suffix.lower() in SUFFIXES else ignored).append(f)
    return found, ignored


def read_articles(
    path: Path,
    warn: Callable[[str], None] | None = None,
    strict: bool = False,
    errors: Callable[[InputError], None] | None = None,
) -> Iterator[Article]:
    """The articles in one file, by its suffix. ``errors`` receives the bad lines
    of a .jsonl file (see ``read_jsonl_file``)."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl_file(path, warn, strict, errors)
    elif suffix in (".html", ".htm"):
        yield read_html_file(path, warn)
    elif suffix == ".txt" or not suffix:
        yield read_text_file(path, warn)
    else:
        raise InputError(path, f"unsupported file type {suffix!r}; use .txt, .html or .jsonl")
