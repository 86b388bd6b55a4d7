"""One measurement in a fresh process, printed as JSON (peak memory is per process).

python -m benchmarks.child spacy CORPUS
python -m benchmarks.child spacy-part CORPUS PART PARTS START_AT
python -m benchmarks.child ingest CORPUS STORE WORKERS
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _usage() -> dict:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu": me.ru_utime + me.ru_stime,
        "children_cpu": kids.ru_utime + kids.ru_stime,
        "maxrss_mb": me.ru_maxrss / 1024,
        "children_maxrss_mb": kids.ru_maxrss / 1024,
    }


def _model_and_texts(corpus: Path) -> tuple:
    """kg's spaCy model, warmed up, and the corpus's articles and masked texts."""
    from kg import nlp
    from kg.articles import read_articles

    arts = [a for p in sorted(corpus.glob("*.txt")) for a in read_articles(p)]
    texts = [nlp.model_input(a.text, a.masked) for a in arts]
    model = nlp.load()
    list(model.pipe(texts[:2]))  # warm-up
    return model, arts, texts


def spacy_ceiling(corpus: Path) -> dict:
    """spaCy's own ``nlp.pipe`` on the same texts, with kg's model and components."""
    model, arts, texts = _model_and_texts(corpus)
    before = _usage()
    t = time.perf_counter()
    for _ in model.pipe(texts, batch_size=16):
        pass
    seconds = time.perf_counter() - t
    words = sum(len(a.text.split()) for a in arts)
    return {
        "words": words,
        "articles": len(arts),
        "seconds": seconds,
        "cpu_seconds": _usage()["cpu"] - before["cpu"],
    }


def spacy_part(corpus: Path, part: int, parts: int, start_at: float) -> dict:
    """One of ``parts`` processes that run ``nlp.pipe`` at the same time, each on
    every ``parts``-th text, from the moment ``start_at`` (the model loaded
    before): how far spaCy itself scales on this machine's cores right now."""
    model, _, texts = _model_and_texts(corpus)
    texts = texts[part::parts]
    time.sleep(max(0.0, start_at - time.time()))
    started = time.time()
    before = _usage()
    for _ in model.pipe(texts, batch_size=16):
        pass
    return {
        "started": started,
        "ended": time.time(),
        "cpu_seconds": _usage()["cpu"] - before["cpu"],
    }


def ingest(corpus: Path, store_path: Path, workers: int) -> dict:
    """The library ingest path, with the model (or the workers) loaded and warmed up."""
    from kg.articles import read_articles
    from kg.extract import BATCH, make_extractor
    from kg.ingest import ingest as run_ingest
    from kg.pipeline import version as pipeline_version
    from kg.store import Store

    arts = [a for p in sorted(corpus.glob("*.txt")) for a in read_articles(p)]
    words = sum(len(a.text.split()) for a in arts)
    extractor = make_extractor(workers)
    extractor.warm()
    # warm up on real articles, as the spaCy runs do on two of the texts (each
    # worker gets a batch); extraction only, nothing is stored
    for _ in extractor(arts[: BATCH * workers], pipeline_version()):
        pass
    before = _usage()
    t = time.perf_counter()
    with Store(store_path) as store:
        report = run_ingest([corpus], store, extractor=extractor)
    seconds = time.perf_counter() - t
    cpu = _usage()["cpu"] - before["cpu"]
    extractor.close()
    return {
        "words": words,
        "articles": len(report.ingested),
        "errors": len(report.errors),
        "seconds": seconds,
        "cpu_seconds": cpu,
        **_usage(),
    }


def main() -> None:
    mode, *args = sys.argv[1:]
    if mode == "spacy":
        out = spacy_ceiling(Path(args[0]))
    elif mode == "spacy-part":
        out = spacy_part(Path(args[0]), int(args[1]), int(args[2]), float(args[3]))
    else:
        out = ingest(Path(args[0]), Path(args[1]), int(args[2]))
    out.update({k: v for k, v in _usage().items() if k not in out})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
