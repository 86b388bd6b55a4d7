"""kg.designations.v5: who labels whom as what ("Hamas, which is labeled a
terrorist group by the US and the European Union"; "Hezbollah, which the US
designates a terrorist organization"; "take the IRGC off a U.S. list of
foreign terrorist organizations"). The label itself is kept on the fact.

v2-v5: the shared resolver's "the Speaker", "the government", "the country".
"""

from __future__ import annotations

import re

from kg.doc import Document
from kg.stages.refer import entity_of, expand, lex, resolve, sentence_span

STAGE = "kg.designations.v5"


def _label(tok) -> str | None:
    """The designation words under a verb: the noun phrase of its attribute or
    object predicate ('a foreign terrorist organization'), without what follows
    the noun ('in 2021', 'by the US')."""
    for c in tok.children:
        head = c
        if c.dep_ == "prep" and c.lower_ == "as":
            head = next((o for o in c.children if o.dep_ == "pobj"), None)
        elif c.dep_ not in ("oprd", "attr", "xcomp", "dobj"):
            continue
        if head is None:
            continue
        words = [t for t in head.doc[head.left_edge.i : head.i + 1] if t.dep_ not in ("det",)]
        text = " ".join(t.text for t in words)
        if re.search(r"\b(terror\w*|extremist|organi[sz]ation|group|sponsor)\b", text, re.I):
            return re.sub(r"\s+", " ", text).strip()
    return None


def _designee(doc: Document, verb):
    for c in verb.children:
        if c.dep_ == "nsubjpass":
            return expand(doc, c)
    if verb.dep_ == "relcl":  # "Hamas, which is labeled ..."
        return expand(doc, verb.head)
    for c in verb.children:
        if c.dep_ == "dobj":
            return expand(doc, c)
    return []


def _by_inside(doc: Document, verb) -> list:
    """ "labeled a terrorist group by the US": the by-phrase the parser hung on the label."""
    out = []
    for c in verb.children:
        if c.dep_ in ("oprd", "attr", "xcomp", "dobj") or (c.dep_ == "prep" and c.lower_ == "as"):
            for t in c.subtree:
                if t.lower_ == "by" and t.dep_ == "prep":
                    out += [r for o in t.children if o.dep_ == "pobj" for r in expand(doc, o)]
    return out


def _designators(doc: Document, verb) -> list:
    out = _by_inside(doc, verb)
    for c in verb.children:
        if c.dep_ == "agent":
            for obj in c.children:
                if obj.dep_ == "pobj":
                    out += expand(doc, obj)
        if c.dep_ == "nsubj":
            out += expand(doc, c)
    return out


def run(doc: Document) -> Document:
    verbs = set(lex()["designation_verbs"])
    for tok in doc.tokens:
        if tok.pos_ == "VERB" and tok.lemma_ in verbs:
            label = _label(tok)
            if not label:
                continue
            ev = sentence_span(tok)
            if tok.dep_ == "relcl":
                designees = expand(doc, tok.head)
                designators = [r for c in tok.children if c.dep_ == "nsubj" for r in expand(doc, c)]
                designators += [
                    r
                    for c in tok.children
                    if c.dep_ == "agent"
                    for o in c.children
                    for r in expand(doc, o)
                ]
                designators += _by_inside(doc, tok)
            else:
                designees, designators = _designee(doc, tok), _designators(doc, tok)
            for org in designees:
                for by in designators:
                    if org[0] == "org" and by[0] in ("state", "org"):
                        doc.relate(org, "labeledBy", by, ev, STAGE, label=label)
        elif tok.lower_ == "list" and tok.pos_ == "NOUN":
            # "<designator> list of (foreign) terrorist organizations"
            words = " ".join(t.lower_ for t in tok.subtree)
            if not re.search(r"terror", words):
                continue
            ev = sentence_span(tok)
            by = [
                entity_of(doc, c) or resolve(doc, c)
                for c in tok.children
                if c.dep_ in ("compound", "amod", "poss", "nmod")
            ]
            by = [b for b in by if b and b[0] in ("state", "org")]
            prep = tok.head
            verb = prep.head if prep.dep_ == "prep" else None
            designees = []
            if verb is not None:
                for c in verb.children:
                    if c.dep_ in ("dobj", "nsubjpass"):
                        designees += expand(doc, c)
            label = re.sub(r"^.*?\bof\s+", "", " ".join(t.text for t in tok.subtree))
            for org in designees:
                for b in by:
                    if org[0] == "org":
                        doc.relate(org, "labeledBy", b, ev, STAGE, label=label)
    return doc
