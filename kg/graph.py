"""Document -> quads in the article's named graph, with provenance.

Every fact is a direct triple (what queries read) plus a ``kg:Assertion``
that names the fact, its evidence sentence (with offsets into the article)
and the stage that made it. Nodes made from one article (sentences,
statements, negotiations, proposals) get IRIs under that article.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from kg import iris
from kg.dates import parse_published, sentence_dates
from kg.doc import Document, Span
from kg.vocab import DCTERMS, KG, OA, OWL, RDF, RDFS, SCHEMA, SKOS, WD, XSD

_EVENTS = (KG.meetsWith, KG.visits, KG.attacks)


def actor_iri(ref: tuple[str, str]) -> NamedNode:
    return iris.actor(*ref)


class _Builder:
    def __init__(self, doc: Document, pipeline_version: str) -> None:
        self.doc = doc
        self.aid = doc.article.id
        self.g = iris.article_graph(self.aid)
        self.article = iris.article(self.aid)
        self.version = pipeline_version
        self.quads: list[Quad] = []
        self.sentences: dict[Span, NamedNode] = {}
        self.published = parse_published(doc.article.published)
        # "on Tuesday" -> a day; a date inside quoted words is not when it was said
        quoted = [(st.span.start, st.span.end) for st in doc.statements if not st.indirect]
        self.dates = sentence_dates(doc.nlp, self.published, quoted)

    def date_of(self, span: Span) -> Literal | None:
        day = self.dates.get((span.start, span.end))
        return Literal(day.isoformat(), datatype=XSD.date) if day else None

    def add(self, s, p, o) -> None:
        self.quads.append(Quad(s, p, o, self.g))

    def sentence(self, span: Span) -> NamedNode:
        node = self.sentences.get(span)
        if node is None:
            node = iris.local(self.aid, "sentence", span.start, span.end)
            self.sentences[span] = node
            self.add(node, RDF.type, KG.EvidenceSentence)
            self.add(node, KG.sentenceOf, self.article)
            self.add(node, OA.start, Literal(str(span.start), datatype=XSD.integer))
            self.add(node, OA.end, Literal(str(span.end), datatype=XSD.integer))
            # the parsed text: boilerplate (dateline, bylines) is blanked out there
            source = self.doc.parsed_text
            self.add(node, RDF.value, Literal(" ".join(source[span.start : span.end].split())))
        return node

    def fact(self, s, p: NamedNode, o, span: Span, stage: str, label: str | None = None) -> None:
        self.add(s, p, o)
        node = iris.fact(self.aid, s.value, p.value, str(o))
        self.add(node, RDF.type, KG.Assertion)
        self.add(node, RDF.subject, s)
        self.add(node, RDF.predicate, p)
        self.add(node, RDF.object, o)
        self.add(node, KG.evidence, self.sentence(span))
        self.add(node, KG.stage, Literal(stage))
        when = self.date_of(span) if p in _EVENTS else None
        if when is not None:  # events are dated by their sentence ("met on Tuesday")
            self.add(node, DCTERMS.date, when)
        if label:  # a designation keeps its label on an n-ary node of its own
            d = iris.local(self.aid, "designation", node.value.rsplit("/", 1)[-1])
            self.add(d, RDF.type, KG.Designation)
            self.add(d, KG.designee, s)
            self.add(d, KG.designator, o)
            self.add(d, KG.designationLabel, Literal(label))
            self.add(d, KG.evidence, self.sentence(span))
            self.add(d, KG.fromArticle, self.article)
            self.add(d, KG.stage, Literal(stage))


def _article(b: _Builder) -> None:
    a = b.doc.article
    node = b.article
    b.add(node, RDF.type, KG.Article)
    b.add(node, KG.contentHash, Literal(a.content_hash))
    b.add(node, KG.stage, Literal(b.version))
    if a.title:
        b.add(node, DCTERMS.title, Literal(a.title))
    if b.published:
        b.add(node, DCTERMS.date, Literal(b.published.isoformat(), datatype=XSD.date))
    if a.url:
        b.add(node, SCHEMA.url, Literal(a.url))
    if a.path:
        b.add(node, RDFS.label, Literal(a.path))
    if a.source:
        outlet = b.doc.entities.get(("org", iris.normalize(a.source)))
        outlet = outlet or next(
            (
                e
                for e in b.doc.entities.values()
                if e.kind == "org" and a.source in e.aliases | {e.name}
            ),
            None,
        )
        if outlet is not None:
            b.add(node, DCTERMS.source, actor_iri(outlet.ref))
        else:
            b.add(node, DCTERMS.source, Literal(a.source))


def _entities(b: _Builder) -> None:
    for ent in b.doc.entities.values():
        node = actor_iri(ent.ref)
        b.add(node, RDF.type, KG[ent.cls])
        b.add(node, RDFS.label, Literal(ent.name))
        for alias in sorted(ent.aliases - {ent.name}):
            if alias.strip():
                b.add(node, SKOS.altLabel, Literal(alias))
        if ent.wikidata:
            b.add(node, OWL.sameAs, NamedNode(WD + ent.wikidata))
        b.add(node, KG.mentionedIn, b.article)


def _relations(b: _Builder) -> None:
    for rel in b.doc.relations:
        s = actor_iri(rel.subj)
        o = Literal(rel.obj) if rel.literal else actor_iri(rel.obj)
        b.fact(s, KG[rel.pred], o, rel.evidence, rel.stage, rel.label)


def _statements(b: _Builder) -> None:
    article_date = Literal(b.published.isoformat(), datatype=XSD.date) if b.published else None
    for st in b.doc.statements:
        node = iris.local(b.aid, "statement", st.span.start, st.span.end)
        b.add(node, RDF.type, KG.Statement)
        b.add(node, RDF.value, Literal(st.text))
        b.add(node, KG.fromArticle, b.article)
        b.add(node, KG.indirect, Literal("true" if st.indirect else "false", datatype=XSD.boolean))
        b.add(node, KG.stage, Literal(st.stage))
        b.add(node, KG.evidence, b.sentence(st.evidence))
        b.add(node, OA.start, Literal(str(st.span.start), datatype=XSD.integer))
        b.add(node, OA.end, Literal(str(st.span.end), datatype=XSD.integer))
        when = b.date_of(st.evidence) or article_date
        if when is not None:
            b.add(node, DCTERMS.date, when)
        if st.speaker:
            b.add(node, KG.speaker, actor_iri(st.speaker))


def _events(b: _Builder) -> None:
    date = b.published.isoformat() if b.published else None
    nodes = {}
    for n in b.doc.negotiations:
        node = iris.local(b.aid, "negotiation", n.key)
        nodes[n.key] = node
        b.add(node, RDF.type, KG.Negotiation)
        b.add(node, RDFS.label, Literal(n.label))
        b.add(node, KG.fromArticle, b.article)
        if n.topic:
            b.add(node, KG.topic, Literal(n.topic))
        if n.status:
            b.add(node, KG.status, Literal(n.status))
        if date:
            b.add(node, DCTERMS.date, Literal(date, datatype=XSD.date))
        for ev in n.evidence:
            b.add(node, KG.evidence, b.sentence(ev))
    for p in b.doc.proposals:
        node = iris.local(b.aid, "proposal", p.key)
        nodes[p.key] = node
        b.add(node, RDF.type, KG.Proposal)
        b.add(node, RDFS.label, Literal(p.label))
        b.add(node, KG.fromArticle, b.article)
        for ev in p.evidence:
            b.add(node, KG.evidence, b.sentence(ev))
        if b.doc.negotiations:
            b.add(node, KG.concerns, nodes[b.doc.negotiations[0].key])
    for actor, role, key, ev, stage in b.doc.roles:
        if key in nodes:
            b.fact(actor_iri(actor), KG[role], nodes[key], ev, stage)


def to_quads(doc: Document, pipeline_version: str = "") -> Iterator[Quad]:
    """All quads of one article's named graph."""
    b = _Builder(doc, pipeline_version)
    _article(b)
    _entities(b)
    _relations(b)
    _statements(b)
    _events(b)
    yield from dict.fromkeys(b.quads)  # distinct, in the order made
