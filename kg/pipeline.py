"""Extraction as a configured list of stages, each ``Document -> Document``.

Stages are registered under versioned names (``kg.quotes.v10``): a new
behaviour gets a new name, so a stored graph can say which stages made it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from importlib import import_module

from kg.articles import Article
from kg.doc import Document

Stage = Callable[[Document], Document]

# name -> "module:function"; imported on first use so that start-up stays light
REGISTRY: dict[str, str] = {
    "kg.mentions.v23": "kg.stages.mentions:run",
    "kg.roles.v22": "kg.stages.roles:run",
    "kg.designations.v5": "kg.stages.designations:run",
    "kg.quotes.v10": "kg.stages.quotes:run",
    "kg.events.v13": "kg.stages.events:run",
    "kg.negotiation.v19": "kg.stages.negotiation:run",
}
DEFAULT = tuple(REGISTRY)


def stage(name: str) -> Stage:
    try:
        module, func = REGISTRY[name].split(":")
    except KeyError:
        raise KeyError(f"unknown stage {name!r}; known: {', '.join(REGISTRY)}") from None
    return getattr(import_module(module), func)


def version(names: Iterable[str] = DEFAULT) -> str:
    """The version a pipeline of these stages records, without importing them."""
    from kg import __version__
    from kg.links import LINKS
    from kg.nlp import PARSE

    return f"{__version__}:" + ",".join((PARSE, *names, LINKS))


class Pipeline:
    """Parse articles with spaCy (batched) and run the stages on each."""

    def __init__(self, names: Iterable[str] = DEFAULT) -> None:
        self.names = tuple(names)
        self.stages = [stage(n) for n in self.names]

    @property
    def version(self) -> str:
        """Changes when the stages change: stored articles made by others are redone."""
        return version(self.names)

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Document]:
        from kg import nlp

        model = nlp.load()
        articles = iter(articles)
        pending: list[Article] = []

        def texts():
            for a in articles:
                pending.append(a)
                yield nlp.model_input(a.text, a.masked)

        for parsed in model.pipe(texts(), batch_size=batch_size):
            doc = Document(pending.pop(0), parsed)
            for run in self.stages:
                doc = run(doc)
            yield doc

    def __call__(self, article: Article) -> Document:
        return next(self.pipe([article]))
