"""The document model that extraction stages read and write.

A ``Document`` holds one article, its linguistic parse (a spaCy ``Doc`` over
the article text with boilerplate blanked out, so offsets are the article's)
and the annotation layers the stages add: mentions, entities, facts and
n-ary events. Offsets are half-open character spans ``[start, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.articles import Article


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Entity:
    """One actor of the article. ``key`` decides its IRI: (kind, normalized key)."""

    kind: str  # person | org | state | place
    key: str
    name: str
    cls: str  # ontology class: Person, State, Place, Organization or a subclass
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
    country: str | None = None  # ISO alpha-3 of the state a place or body belongs to
    spans: list[Span] = field(default_factory=list)

    @property
    def ref(self) -> tuple[str, str]:
        return (self.kind, self.key)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    ref: tuple[str, str]  # the entity it refers to
    stage: str


@dataclass(frozen=True)
class Relation:
    """A binary fact. ``obj`` is an entity ref, or a plain string when ``literal``."""

    subj: tuple[str, str]
    pred: str
    obj: Any
    evidence: Span  # the sentence
    stage: str
    literal: bool = False
    label: str | None = None  # e.g. the designation label "terrorist group"


@dataclass
class Statement:
    text: str
    span: Span  # the quoted words
    evidence: Span  # the sentence
    speaker: tuple[str, str] | None
    indirect: bool
    stage: str


@dataclass
class Proposal:
    key: str
    label: str
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Negotiation:
    key: str
    label: str
    evidence: list[Span] = field(default_factory=list)
    topic: str | None = None
    status: str | None = None


@dataclass
class Document:
    article: Article
    nlp: Any = None  # spaCy Doc
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    negotiations: list[Negotiation] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    token_refs: dict[int, tuple[str, str]] = field(default_factory=dict)  # token i -> entity
    person_roles: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    affiliations: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    # (actor ref, role, negotiation or proposal key, evidence, stage); role in
    # mediates, partyTo, hosts, proposes, supports, rejects
    roles: list[tuple[tuple[str, str], str, str, Span, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def tokens(self) -> list[Any]:
        """The parse's tokens, made once: a spaCy ``Doc`` makes a new ``Token``
        object at every index and on every pass, and the stages walk it often."""
        cached = self.__dict__.get("_tokens")
        if cached is None:
            cached = self.__dict__["_tokens"] = list(self.nlp)
        return cached

    @property
    def parsed_text(self) -> str:
        """The article with boilerplate blanked out: what the model parsed, but
        for the period that opens each blanked span there (``nlp.model_input``),
        which must not show in the graph's texts. (spaCy's ``Doc.text`` would
        also rebuild the string from its tokens on every call.)"""
        cached = self.__dict__.get("_parsed_text")
        if cached is None:
            from kg.nlp import masked_text

            cached = masked_text(self.article.text, self.article.masked)
            self.__dict__["_parsed_text"] = cached
        return cached

    def add_entity(self, entity: Entity) -> Entity:
        """Add or merge an entity by its ref; returns the stored one."""
        have = self.entities.get(entity.ref)
        if have is None:
            self.entities[entity.ref] = entity
            return entity
        have.aliases |= entity.aliases
        have.spans.extend(entity.spans)
        if len(entity.name) > len(have.name) and entity.kind == "person":
            have.aliases.add(have.name)
            have.name = entity.name
        return have

    def relate(self, subj, pred: str, obj, evidence: Span, stage: str, **kw: Any) -> None:
        if subj is None or obj is None or subj == obj:
            return
        rel = Relation(subj, pred, obj, evidence, stage, **kw)
        if pred == "meetsWith" and any(  # symmetric: one direction is enough
            r.pred == pred and r.subj == obj and r.obj == subj for r in self.relations
        ):
            return
        if rel not in self.relations:
            self.relations.append(rel)
