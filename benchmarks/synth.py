"""Synthetic stores of a given size, made from the graphs of real articles.

spaCy is run on the seed articles once; each synthetic article is one of their
graphs with a new article id (so its sentences, facts, statements and
negotiations are new nodes), a new date and content hash, and its persons
replaced by persons drawn from a pool with a skewed popularity: some appear in
many articles, most in few. States and organizations stay as they are (the
hubs every article mentions). Stores are written as ingest writes them (named
graph per article + the union default graph) and cached on disk.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from benchmarks.corpus import FIRST, LAST, SEEDS

VERSION = "2"  # bump when the generator changes: cached stores are rebuilt (2: links)
ID_NS = "https://w3id.org/kg/id/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
SAME_AS = "<http://www.w3.org/2002/07/owl#sameAs>"
DATE = re.compile(r'"\d{4}-\d{2}-\d{2}"(\^\^<http://www.w3.org/2001/XMLSchema#date>)')
HASH = re.compile(r'(<https://w3id.org/kg/ns#contentHash> )"[0-9a-f]{64}"')


class Template:
    """One article's N-Quads as a format string with fields for what varies."""

    def __init__(self, article_id: str, nquads: str) -> None:
        self.article_id = article_id
        persons = sorted(set(re.findall(rf"<{ID_NS}person/([^>]+)>", nquads)))
        self.persons = len(persons)
        lines = []
        for line in nquads.replace("{", "{{").replace("}", "}}").splitlines():
            subject, predicate, rest = line.split(" ", 2)
            key = subject[len(ID_NS) + 8 : -1] if subject.startswith(f"<{ID_NS}person/") else None
            if key is not None and predicate == SAME_AS:
                continue  # synthetic persons have no Wikidata id
            if key is not None and predicate in (LABEL, ALT):
                i = persons.index(key)
                field = f"n{i}" if predicate == LABEL else f"s{i}"
                rest = re.sub(r'^"(?:[^"\\]|\\.)*"', f'"{{{field}}}"', rest)
                line = f"{subject} {predicate} {rest}"
            lines.append(line)
        text = "\n".join(lines) + "\n"
        for i, key in enumerate(persons):
            text = text.replace(f"<{ID_NS}person/{key}>", f"<{ID_NS}person/{{p{i}}}>")
        text = DATE.sub(r'"{date}"\1', text)
        text = HASH.sub(r'\1"{hash}"', text)
        self.text = text.replace(article_id, "{aid}")

    def render(self, aid: str, persons: list[int], rng: random.Random) -> str:
        values = {
            "aid": aid,
            "hash": hashlib.sha256(aid.encode()).hexdigest(),
            "date": f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }
        for i, j in enumerate(persons):
            first, last = FIRST[j % len(FIRST)], LAST[(j // len(FIRST)) % len(LAST)]
            suffix = f" {j // (len(FIRST) * len(LAST)) + 1}" if j >= len(FIRST) * len(LAST) else ""
            values[f"p{i}"] = f"synthetic-{j}"
            values[f"n{i}"] = f"{first} {last}{suffix}"
            values[f"s{i}"] = f"{last}{suffix}"
        return self.text.format(**values)


def _extraction_digest() -> str:
    """A digest of what extraction depends on (code, data files, ontology), so
    that templates and stores made by an older kg are not reused."""
    import kg

    root = Path(kg.__file__).resolve().parent
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".py", ".json", ".ttl", ".txt", ".csv")
    )
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(root).as_posix().encode() + f.read_bytes())
    return h.hexdigest()[:10]


def templates(cache: Path) -> list[Template]:
    """The seed articles' graphs, extracted once (spaCy) and cached."""
    path = cache / f"templates-{_extraction_digest()}.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
    else:
        from kg.articles import read_articles
        from kg.graph import to_quads
        from kg.pipeline import Pipeline

        pipeline = Pipeline()
        data = {}
        for file in sorted(SEEDS.glob("*.txt")):
            for doc in pipeline.pipe(read_articles(file)):
                quads = to_quads(doc, pipeline.version)
                data[doc.article.id] = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode()
        cache.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data), encoding="utf-8")
    return [Template(aid, text) for aid, text in sorted(data.items())]


def articles(
    temps: list[Template], n: int, seed: int = 11, start: int = 0
) -> Iterator[tuple[ox.NamedNode, list[ox.Quad]]]:
    """``n`` synthetic article graphs: (graph name, quads)."""
    rng = random.Random(seed + start)
    pool = max(40, (start + n) // 3)  # distinct persons: each in ~3 articles on average
    for k in range(start, start + n):
        t = temps[k % len(temps)]
        chosen: set[int] = set()
        while len(chosen) < t.persons:
            chosen.add(int(pool * rng.random() ** 2))  # skewed: low numbers are popular
        aid = f"syn-{k:07d}"
        text = t.render(aid, sorted(chosen), rng)
        graph = ox.NamedNode(f"{ID_NS}graph/{aid}")
        yield graph, list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS))


def union_size(store: ox.Store) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def articles_for(temps: list[Template], triples: int) -> int:
    """How many synthetic articles make a union graph of about ``triples`` triples
    (measured on a pilot in memory: articles share their states, organizations
    and popular persons)."""
    from kg import ontology_graph as ontology

    pilot = ox.Store()
    onto = len(ontology.quads())
    n = 300
    for _graph, quads in articles(temps, n):
        pilot.extend(quads)
        pilot.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    per_article = union_size(pilot) / n
    return max(1, round((triples - onto) / per_article))


def build(path: Path, temps: list[Template], n: int, *, bulk: bool) -> dict:
    """A store of ``n`` synthetic articles, written with ``Store.replace_graph``
    and linked article by article (as ingest does), or with
    ``Store.bulk_load_articles`` and linked once all are stored (the same links)."""
    from kg import ontology_graph as ontology
    from kg.links import Index, refresh, relink
    from kg.store import Store

    if path.exists():
        shutil.rmtree(path)
    t = time.perf_counter()
    with Store(path) as store:
        store.ensure_ontology(ontology.quads(), ontology.digest())
        prefix = f"{ID_NS}graph/"
        if bulk:
            ids: list[str] = []

            def recorded() -> Iterator[tuple[ox.NamedNode, list[ox.Quad]]]:
                for graph, quads in articles(temps, n):  # streamed, not held
                    ids.append(graph.value[len(prefix) :])
                    yield graph, quads

            store.bulk_load_articles(recorded())
            relink(store, ids)
        else:
            index = Index(store)
            for graph, quads in articles(temps, n):
                store.replace_graph(graph, quads)
                refresh(store, [graph.value[len(prefix) :]], new=True, index=index)
    seconds = time.perf_counter() - t
    db = ox.Store.read_only(str(path))
    info = {
        "articles": n,
        "union_triples": union_size(db),
        "quads": len(db),
        "build_seconds": round(seconds, 2),
        "bulk": bulk,
    }
    del db
    return info


def cached_store(cache: Path, triples: int, *, bulk: bool = True) -> tuple[Path, dict, bool]:
    """A synthetic store of about ``triples`` union triples, built once and kept."""
    temps = templates(cache)
    key = hashlib.sha256((VERSION + "".join(t.text for t in temps)).encode()).hexdigest()[:10]
    path = cache / f"store-{triples}-{key}"
    done = path / "kg-bench.json"
    if done.exists():
        return path, json.loads(done.read_text()), True
    info = build(path, temps, articles_for(temps, triples), bulk=bulk)
    done.write_text(json.dumps(info))
    return path, info, False
