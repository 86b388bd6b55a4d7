"""kg.roles.v22: roles and affiliations of people, and what organizations belong to.

Patterns: a title before a name ("Israeli President Isaac Herzog", "Hamas
leader Yahya Sinwar", "Egypt's intelligence chief, Hassan Rashad"), an
appositive after it ("Badr Albusaidi, Oman's foreign minister,", "an adviser
to Zelensky"), "who leads X", "on X's behalf". A title with no stated
affiliation (ministers, presidents) takes the state of the nearest official
before it. Organizations: militaries and ministries belong to their state,
"Hamas-run health ministry" to Hamas, "United Nations Interim Force" to the UN.

v2: "the U.N. special envoy for Yemen, Hans Grundberg"; no possessive owner in
a title. v3: a title owned by a person ("Zelenskiy's adviser, Andriy Yermak")
speaks for that person's state; a chief of staff speaks for whom they serve.
v4: who leads a side or delegation speaks for it ("Lebanon's side of the
negotiations was handled by X", "the Israeli delegation, led by Y"). A
two-word demonym names its state ("South African President X"). A title
after a comma that holds the next name is that name's ("Sharif, Indian Prime
Minister Narendra Modi and ...").
v5: a title whose owner the model tags as a place or a person ("Gagauzia
President X") takes no state from the sentences around it, nor does a
title of a person whose state another title gives ("Vice Premier X, China's
top economic official"); stacked names of peoples ("Turkish Cypriot leader")
name a community, not a state (``refer.entity_of``). A "ruler" speaks for
his state; "Deputy Secretary of State" names the office's state as
"Secretary of State" does; "the bloc's commissioner" speaks for the
organization named before; "deposed President X" (like "former") for none.
v6: a party title no longer keeps a state from the context ("Netanyahu, the
Likud leader"); "Secretary of State" with another owner is not the US
(``title_ranks``). A title phrase a name is in apposition to, whatever its last word ("The head
of the GNA delegation, X,"), and "X, the acting head of ..." are titles. The
head of a title is the longest lexicon head in it, of two as long the later
("deputy leader": leader); it was picked in a set's order before, which
changed from process to process. Who leads a delegation in the active voice
speaks for it ("X headed the BRN team", "Y, who led the Russian
delegation"); a "who" clause after another
person's name is that person's; a "facilitator" speaks for their state;
"retired" gives no affiliation, like "former".
v7: an office that is also an
honorific is a title ("Saudi Arabia's King Salman", "Qatari Emir Sheikh
Tamim"); "the head of the group's political bureau" speaks for the group.
v8: "queen" is a leader head too (``leader_heads``).
v9: "to X" after an envoy, ambassador or representative (``posting_heads``)
is where they are posted, not whom they speak for ("the movement's
representative to the UN"); "the head of X" leads the organization X; an
appositive title ends at a preposition other than of/to/for (", both on an
official visit to the United States," is none); who leads a delegation or
acts on someone's behalf is settled before any state is taken from the
sentences around; a counterpart named by a pronoun ("He also held talks
with Foreign Minister X") keeps X from taking the pronoun's state. "Crown
Prince" is a title (its "Prince" is no honorific of the name); "the Emir of
Qatar, Sheikh X"; "his spokesman X" and "spokesman for President Y" speak
for that person's side (and "President Y" keeps its own title); "The bloc's
envoy, X"; "X of Armenia"; "the spokesman for Pakistan's Foreign Office"
speaks for the office, the object of the preposition first; a person
affiliated with a state or a governing body takes no state from the
sentences around. "personal" is a title word ("the UN's personal envoy for
Western Sahara, X"), and a name whose first word the parser hangs as an
"nmod" is still in apposition to the title. "Its commander, X" leads the
organization named before ("Its spokesman, Y" speaks for it). A president
or minister whose government the article names ("Petro's government", "Abiy
... his government") takes the state whose government it names, when it
names one ("the Colombian government") and no one else holds that title for
it, before any state from the sentences around.

v10-v22 (one session's rules, on probe articles about other talks): officials
listed after one with a known state share it; with several states before an
official, the subject of the official's clause; the sentences before are read
subjects first (and a lone state that spoke or took a side); "the
government's chief negotiator", "the government delegation", "the
country's"; "who speaks for X", "who headed the X delegation", "who is also
the country's foreign minister"; ", who heads the GNA delegation" or "IGAD's
mediation" speaks for its owner and leads nothing; directors lead agencies
("the director of Israel's Mossad"), not a group whose program they direct;
"Indian External Affairs Minister"; "head of delegation" is all title; "deputy
prime minister and foreign minister" are two titles.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg import iris
from kg.doc import Document, Entity, Span
from kg.gazetteer import gazetteer
from kg.stages.refer import (
    apposition_head,
    delegation_owners,
    entity_of,
    generic_org,
    government_owners,
    group_antecedent,
    group_nouns,
    is_negated,
    lex,
    named_government,
    person_antecedent,
    sent_of,
    sentence_span,
    sentences,
    the_country,
)

STAGE = "kg.roles.v22"
_STATE_LEVEL = (
    "president",
    "vice president",
    "prime minister",
    "premier",
    "minister",
    "president-elect",
    "secretary of state",
    "chancellor",
)
_RUN_BY = re.compile(
    r"\b([A-Z][\w]+)-(?:run|led|controlled|backed) ((?:[a-z]+ ){0,2}"
    r"(?:ministry|government|authorities|administration|media|office))"
)


@cache
def _words() -> tuple[frozenset[str], frozenset[str]]:
    lx = lex()
    heads = frozenset(w for h in lx["role_heads"] for w in h.split())
    mods = frozenset(w for m in lx["role_modifiers"] for w in m.split())
    return heads, mods


@cache
def _head_patterns() -> list[tuple[str, re.Pattern]]:
    heads = sorted({h.replace("-", " ") for h in lex()["role_heads"]})
    return [(h, re.compile(rf"\b{re.escape(h)}\b")) for h in heads]


@lru_cache(maxsize=4096)
@cache
def _honorifics() -> frozenset[str]:
    """Honorifics that are no office. An honorific alone is no title ("Sheikh
    X"), but an office is ("Emir X", "Saudi Arabia's King X"), though the name
    drops it too."""
    offices = {"president", "general", *lex()["leader_heads"]}
    return frozenset({h.strip(".") for h in lex()["honorifics"]} - offices)


@cache
def _all_honorifics() -> frozenset[str]:
    return frozenset(h.strip(".") for h in lex()["honorifics"])


def _head_of(role: str) -> str | None:
    """The lexicon head a title ends in ('foreign policy chief' -> 'chief'):
    the longest head the title contains, of two as long the later one
    ('deputy leader' -> 'leader'; the order never rests on a set's)."""
    low = role.lower().replace("-", " ")
    best = None
    for head, pattern in _head_patterns():
        for m in pattern.finditer(low):
            if best is None or (len(head), m.start()) > best[0]:
                best = ((len(head), m.start()), head)
    return best[1] if best else None


class _Title:
    def __init__(self) -> None:
        self.words: list = []  # tokens of the title itself
        self.affil: tuple[str, str] | None = None
        self.via_person: tuple[str, str] | None = None
        self.affil_is_head_org = False  # "RSF commander", "army chief"
        self.first: int | None = None  # where the title's phrase starts, owner and all
        self.also: list[_Title] = []  # "deputy prime minister and foreign minister"

    @property
    def text(self) -> str:
        s = " ".join(t.text for t in self.words)
        return re.sub(r"\s*-\s*", "-", s).replace(" ,", ",").strip(" ,")


def _left_title(doc: Document, start_tok) -> _Title | None:
    """Title words right before a name, within its sentence."""
    heads, mods = _words()
    sent = sent_of(start_tok)
    t = _Title()
    i = start_tok.i - 1
    toks = []
    while i >= sent.start:
        tok = doc.tokens[i]
        low = tok.lower_
        if (
            tok.text == ","
            and i - 1 >= sent.start
            and (doc.tokens[i - 1].lower_ in heads or _titled_appositive(start_tok, heads))
            # nothing yet but an honorific: "the Emir of Qatar, Sheikh Tamim"
            and all(t.lower_.strip(".") in _all_honorifics() for t in toks)
        ):
            i -= 1
            continue
        if (
            low == "for"
            and i - 1 >= sent.start
            and doc.tokens[i - 1].lower_ in heads
            and any(t.lower_ in heads for t in toks)
        ):
            break  # "spokesman for President X": X's title is the one after "for"
        if low in group_nouns() and toks and _possessive(toks[0]):
            toks.insert(0, tok)  # "The bloc's special envoy, X"
            break
        if low in ("his", "her") and toks:
            t.via_person = person_antecedent(doc, tok)  # "his spokesman X"
            break
        if low == "government" and toks and _possessive(toks[0]):
            # "The government's chief negotiator, X": the one state whose
            # government the article names
            t.affil = named_government(doc)
            break
        if low == "its" and toks and tok.dep_ == "poss":
            owner = group_antecedent(doc, tok)  # "Its commander, X": the group's
            if owner is not None:
                t.affil = owner
                t.affil_is_head_org = any(w.lower_ in lex()["leader_heads"] for w in toks)
            break
        if (
            low in heads
            or low in mods
            or low in ("of", "-", "for")
            or _possessive(tok)
            or tok.i in doc.token_refs
            or entity_of(doc, tok)
            or (
                tok.text[:1].isupper()
                and tok.pos_ in ("PROPN", "NOUN", "ADJ")
                and doc.token_refs.get(tok.i, ("x",))[0] != "person"
            )
        ):
            if doc.token_refs.get(tok.i, ("",))[0] == "person":
                if toks and _possessive(toks[0]):  # "Zelenskiy's adviser, X": whose
                    toks.insert(0, tok)
                break
            toks.insert(0, tok)
            i -= 1
            continue
        break
    while toks and (toks[0].lower_ in ("of", "-", "for") or _possessive(toks[0])):
        toks.pop(0)
    if not toks:
        # "The head of the GNA delegation, X": a title whose last word is no
        # title word is the whole phrase the name is in apposition to
        head = _appositive_title(start_tok, heads)
        comma = start_tok.i - 1
        if head is None or doc.tokens[comma].text != "," or head.left_edge.i < sent.start:
            return None
        toks = _owner_after(doc, list(doc.tokens[head.left_edge.i : comma]), t)
    return _parse_title(doc, toks, t) if toks else None


def _possessive(tok) -> bool:
    """'s, or the bare apostrophe of a plural ("the Houthis' chief negotiator")."""
    return tok.tag_ == "POS" or tok.lower_ in ("'s", "’s")


def _titled_appositive(name_tok, heads: frozenset[str]) -> bool:
    """Whether a name is in apposition to a title noun before it ("the U.N.
    special envoy for Yemen, Hans Grundberg"): the title is not right before
    the comma there, so the comma alone does not end the title."""
    return _appositive_title(name_tok, heads) is not None


def _appositive_title(name_tok, heads: frozenset[str]):
    """The title noun before a name that the name is in apposition to, or None."""
    head = apposition_head(name_tok)
    return head if head is not None and head.lower_ in heads and head.i < name_tok.i else None


def _parse_title(doc: Document, toks: list, t: _Title) -> _Title | None:
    heads, mods = _words()
    portfolio = False
    if toks:
        t.first = toks[0].i
    for k, tok in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if tok.lower_ == "for":
            portfolio = True  # "Special Envoy for Iran": a brief, not an employer
        ref = None if portfolio else (entity_of(doc, tok) or generic_org(doc, tok))
        if tok.lower_ in group_nouns() and nxt is not None and _possessive(nxt):
            ref = group_antecedent(doc, tok)
        if tok.lower_ == "country" and nxt is not None and _possessive(nxt):
            ref = the_country(doc, tok)  # "X, the country's Prime Cabinet Secretary"
        if ref and ref[0] != "place":
            if ref[0] == "person":
                t.via_person = ref
            elif t.affil is None:
                t.affil = ref
                leader_words = set(lex()["leader_heads"])
                if nxt is not None and nxt.lower_ in leader_words:  # "RSF commander", "army chief"
                    t.affil_is_head_org = ref[0] == "org"
            if tok.lower_ in ("army", "military"):
                t.words.append(tok)
            continue
        if _possessive(tok) and not portfolio:
            t.words.clear()  # "the rebels' chief negotiator": the owner is not the title
            continue
        if tok.lower_ in ("the", "a", "an", "to") or (portfolio and ref):
            if portfolio:
                t.words.append(tok)
            continue
        t.words.append(tok)
    while t.words and t.words[-1].lower_ in ("of", "for", "to", "-"):
        t.words.pop()
    honorifics = _honorifics()
    while (
        t.words
        and t.words[-1].lower_.strip(".") in honorifics
        and len(t.words) > 1
        and _head_of(" ".join(w.text for w in t.words[:-1]))  # not "Crown Prince"
    ):
        t.words.pop()  # "Foreign Minister Prince Faisal": Prince is part of the name
        while t.words and t.words[-1].lower_ in ("of", "for", "to", "-"):
            t.words.pop()  # "the Emir of Qatar, Sheikh": Qatar is the owner, not a word
    if not t.words or not _head_of(t.text) or t.text.lower().strip(".") in honorifics:
        return None
    return t


def _right_title(doc: Document, end_tok) -> _Title | None:
    """ ", Oman's foreign minister," / ", an adviser to Zelensky," after a name."""
    sent = sent_of(end_tok)
    i = end_tok.i + 1
    if i >= sent.end or doc.tokens[i].text != ",":
        return None
    toks = []
    i += 1
    if i < sent.end and doc.tokens[i].pos_ in ("SCONJ", "CCONJ", "ADV", "ADP", "VERB", "AUX"):
        return None  # ", while ...", ", who ...": not an appositive title
    heads, mods = _words()
    second: list = []  # a title joined by "and": "deputy prime minister and foreign minister"
    while i < sent.end:
        tok = doc.tokens[i]
        if (
            tok.lower_ == "and"
            and not second
            and toks
            and i + 1 < sent.end
            and (doc.tokens[i + 1].lower_ in heads or doc.tokens[i + 1].lower_ in mods)
            and _head_of(" ".join(w.lower_ for w in toks))
        ):
            second = [tok]
            i += 1
            continue
        if tok.text in (",", ".", ";", ":", "(", '"', "“", "”") or tok.lower_ in (
            "who",
            "which",
            "whose",
            "and",
            "said",
        ):
            break
        if (
            tok.pos_ == "ADP"
            and tok.lower_ not in ("of", "to", "for")
            and doc.tokens[i - 1].text != "-"  # "commander-in-chief"
        ):
            break  # ", both on an official visit to ...": a title's owner follows of/to/for
        if tok.pos_ in ("VERB", "AUX") and tok.tag_ not in ("VBN",) and tok.dep_ != "amod":
            break  # not "the acting head of ..."
        (second if second else toks).append(tok)
        i += 1
    if not toks or len(toks) > 14:
        return None
    for k, tok in enumerate(toks):
        if tok.lower_ in ("to", "of", "for"):
            break
        ref = doc.token_refs.get(tok.i)
        if ref and ref[0] == "person":
            n = 1
            while k + n < len(toks) and doc.token_refs.get(toks[k + n].i) == ref:
                n += 1
            # "Sharif, Indian Prime Minister Narendra Modi and ...": a name that
            # ends the phrase holds its title ("Joe Biden's coordinator", "the
            # Biden administration's adviser" go on after the name)
            if k + n == len(toks):
                return None
            break
    t = _Title()
    t = _parse_title(doc, _owner_after(doc, toks, t), t)
    if t is not None and second[1:]:
        other = _Title()
        other = _parse_title(doc, _owner_after(doc, second[1:], other), other)
        if other is not None:
            other.affil = other.affil or t.affil  # "Pakistan's deputy PM and foreign minister"
            t.also.append(other)
    return t


def _owner_after(doc: Document, toks: list, t: _Title) -> list:
    """ "adviser to X", "president of Nigeria", "head of the GNA delegation":
    the first actor after of/to/for is the title's affiliation (set on ``t``);
    returns the title's words before the preposition."""
    postings = set(lex()["posting_heads"])
    for k, tok in enumerate(toks):
        if tok.lower_ in ("to", "of", "for") and k > 0:
            # "for": an organization employs ("a spokeswoman for the European
            # Commission"); a state is a brief ("special envoy for Yemen")
            follow = [entity_of(doc, obj) for obj in toks[k + 1 :]]
            if tok.lower_ == "for" and not any(r and r[0] in ("org", "person") for r in follow):
                continue
            if tok.lower_ == "to" and _head_of(" ".join(w.text for w in toks[:k])) in postings:
                return toks[:k]  # "the movement's representative to the UN": posted there
            objs = list(enumerate(toks[k + 1 :], start=k + 1))
            # the preposition's own object first: "the spokesman for Pakistan's
            # Foreign Office" speaks for the office (and so for its state)
            objs.sort(key=lambda jo: jo[1].head.i != tok.i)
            owners = {  # "the director of Israel's Mossad spy agency": the agency
                ref
                for j, obj in objs
                if j + 1 < len(toks)
                and _possessive(toks[j + 1])
                and (ref := entity_of(doc, obj)) is not None
                and ref[0] == "state"
                and any((entity_of(doc, o) or ("",))[0] == "org" for o in toks[j + 2 :])
            }
            owned_by = None
            for j, obj in objs:
                ref = entity_of(doc, obj)
                if ref in owners:
                    continue
                nxt = toks[j + 1] if j + 1 < len(toks) else None
                if ref is None and obj.lower_ in group_nouns() and nxt and _possessive(nxt):
                    ref = group_antecedent(doc, obj)  # "head of the group's political bureau"
                if ref and ref[0] != "place":
                    owned_by = ref
                    if ref[0] == "person":
                        t.via_person = t.via_person or ref
                    elif t.affil is None:
                        t.affil = ref
                        # "the head of the Russian Direct Investment Fund" leads it
                        # (not its "deputy leader" or "vice chairman")
                        words = [w.lower_ for w in toks[:k]]
                        lead = _head_of(" ".join(words))
                        t.affil_is_head_org = (
                            tok.lower_ == "of"
                            and ref[0] == "org"
                            and lead in lex()["leader_heads"]
                            and not set(lex()["deputy_ranks"]) & set(words)
                            # the head of the body itself, not of "the ICG's Africa program"
                            and not any(
                                w.dep_ == "poss" and entity_of(doc, w) == ref for w in toks[k + 1 :]
                            )
                        )
                    break
            if (
                owned_by is None
                and tok.lower_ == "of"
                # "of the army": an owner unnamed
                and not any(w.lower_ in lex()["generic_actor_words"] for w in toks[k + 1 :])
            ):
                continue  # "head of delegation", "Minister of State for ...": all title
            return toks[:k]
    return toks


def _who_clause(doc: Document, end_tok) -> list[tuple[str, object]]:
    """', who leads the Jewish Power party' / ', who serves as the AU's High Representative'."""
    out = []
    sent = sent_of(end_tok)
    me = doc.token_refs.get(end_tok.i)
    for tok in doc.tokens[end_tok.i + 1 : sent.end]:  # made once, not per pass
        other = doc.token_refs.get(tok.i)
        if other is not None and other[0] == "person" and other != me:
            break  # "X, ..., while ... Y, who leads Z": Y's clause, not X's
        if tok.lower_ != "who":
            continue
        verb = tok.head
        if verb.lemma_ == "speak":  # "Kim Yo Jong, who often speaks for Pyongyang"
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ == "for":
                    for obj in prep.children:
                        ref = entity_of(doc, obj) if obj.dep_ == "pobj" else None
                        if ref and ref[0] in ("state", "org"):
                            out.append(("speaksFor", ref))
        if verb.lemma_ in ("lead", "head", "chair", "command", "run"):
            for obj in verb.children:
                if obj.dep_ == "dobj" and obj.lemma_ in lex()["delegation_nouns"]:
                    # "a vice foreign minister who headed the North Korean delegation"
                    out += [("speaksFor", r) for r in delegation_owners(doc, obj)]
                    continue
                if obj.dep_ == "dobj":
                    ref = entity_of(doc, obj) or _ref_in(doc, obj)
                    if ref and ref[0] == "org":
                        # "who heads the GNA" leads the GNA; "who leads IGAD's
                        # mediation on Sudan" (which the parser may hang on the
                        # organization's name) speaks for IGAD and leads nothing
                        owned = lex()["delegation_nouns"] + lex()["mediation_nouns"]
                        delegation = obj.lemma_ in owned or any(
                            t.lemma_ in owned and any(c.dep_ == "poss" for c in t.children)
                            for t in obj.subtree
                        )
                        out.append(("speaksFor" if delegation else "leaderOf", ref))
        if verb.lemma_ == "serve":
            for prep in verb.children:
                if prep.lower_ == "as":
                    toks = [t for t in prep.subtree if t.i > prep.i]
                    t = _parse_title(doc, toks, _Title())
                    if t:
                        out.append(("title", t))
        if verb.lemma_ == "be":  # ", who is also the country's foreign minister"
            for attr in verb.children:
                if attr.dep_ == "attr" and attr.pos_ == "NOUN":
                    toks = [t for t in attr.subtree if t.i <= attr.i]
                    t = _parse_title(doc, toks, _Title())
                    if t:
                        out.append(("title", t))
        break
    return out


def _ref_in(doc: Document, tok):
    for t in tok.subtree:
        ref = doc.token_refs.get(t.i)
        if ref:
            return ref
    return None


def run(doc: Document) -> Document:
    sp = doc.nlp
    lx = lex()
    representative = set(lx["representative_heads"])
    leaders = set(lx["leader_heads"])
    members = set(lx["member_heads"])
    no_affil = set(lx["no_affiliation_modifiers"])
    firsts: dict[tuple[str, str], list] = {}
    for m in doc.mentions:
        if m.ref[0] == "person":
            span = sp.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                firsts.setdefault(m.ref, []).append(span)
    found: dict[tuple[str, str], list[tuple[_Title, Span]]] = {}
    leads: list[tuple[tuple[str, str], tuple[str, str], Span]] = []
    represents: list[tuple[tuple[str, str], tuple[str, str], Span]] = []
    for ref, spans in firsts.items():
        for span in spans:
            ev = sentence_span(span[0])
            for t in (_left_title(doc, span[0]), _right_title(doc, span[-1])):
                for title in [t, *t.also] if t else []:
                    found.setdefault(ref, []).append((title, ev))
            for kind, val in _who_clause(doc, span[-1]):
                if kind == "title":
                    found.setdefault(ref, []).append((val, ev))
                elif kind == "speaksFor":
                    represents.append((ref, val, ev))
                else:
                    leads.append((ref, val, ev))
    # explicit affiliations first, then those through another person, then inherited
    last_state_official: list[tuple[int, tuple[str, str]]] = []
    for ref, titles in found.items():
        for t, ev in titles:
            role = t.text
            head = _head_of(role) or ""
            doc.person_roles.setdefault(ref, [])
            if role not in doc.person_roles[ref]:
                doc.person_roles[ref].append(role)
            if head not in lex()["not_titles"]:  # "his Russian counterpart": whom, not a title
                doc.relate(ref, "holdsRole", role, ev, STAGE, literal=True)
            former = _former(doc, t, no_affil)
            head = head if head in representative | leaders | members else head.split()[-1]
            if t.affil and not former:
                if head in representative or head in leaders:
                    doc.relate(ref, "speaksFor", t.affil, ev, STAGE)
                    doc.affiliations.setdefault(ref, t.affil)
                    body = doc.entities.get(t.affil)
                    if (
                        body is not None
                        and body.cls == "GovernmentBody"
                        and body.country
                        and ("state", body.country) in doc.entities
                    ):
                        # a department's spokesperson speaks for the state too
                        doc.relate(ref, "speaksFor", ("state", body.country), ev, STAGE)
                if head in members:
                    doc.relate(ref, "memberOf", t.affil, ev, STAGE)
                if head in leaders and t.affil_is_head_org:
                    doc.relate(ref, "leaderOf", t.affil, ev, STAGE)
                if t.affil[0] == "state" and any(
                    head == s or head.endswith(s) for s in _STATE_LEVEL
                ):
                    last_state_official.append((ev.start, t.affil))
    _of_after_name(doc, firsts)
    # explicit affiliations of other kinds, before any is inferred from the context
    for person, org, ev in leads:
        doc.relate(person, "leaderOf", org, ev, STAGE)
        doc.relate(person, "speaksFor", org, ev, STAGE)
        doc.affiliations.setdefault(person, org)
    for person, org, ev in represents:
        doc.relate(person, "speaksFor", org, ev, STAGE)
        doc.affiliations.setdefault(person, org)
    _on_behalf(doc)
    _delegation_leads(doc)
    pending = [
        (ref, t, ev)
        for ref, titles in found.items()
        for t, ev in titles
        if not t.affil and not _former(doc, t, no_affil)
    ]
    government_of = _governments(doc) if pending else {}
    for _ in range(3):  # an affiliation found in one round can settle another's
        left = []
        for ref, t, ev in pending:
            head = _head_of(t.text) or ""
            head = head if head in representative else head.split()[-1] if head else head
            aff = doc.affiliations.get(t.via_person) if t.via_person else None
            if (
                aff is None
                and t.via_person is None
                # "Vice Premier X, China's top official", "Abbas, who heads the PA"
                # (not "Netanyahu, the Likud leader": a party is no polity)
                and not _polity(doc, doc.affiliations.get(ref))
                and any(head == s or head.endswith(s) for s in _STATE_LEVEL)
            ):
                aff = _own_government(doc, government_of.get(ref), head)
                aff = aff or _implied_state(doc, ref, t, ev, last_state_official)
            if aff and head in representative:
                doc.relate(ref, "speaksFor", aff, ev, STAGE)
                doc.affiliations.setdefault(ref, aff)
            else:
                left.append((ref, t, ev))
        if len(left) == len(pending):
            break
        pending = left
    _part_of(doc)
    return doc


def _governments(doc: Document) -> dict:
    """Whose government is whose: "Petro's government" (or "Abiy ... his
    government"), in an article that names one state's government ("the
    Colombian government", "Ethiopia's federal government"), is that state's.
    Person -> state; empty when the article names no state's government or
    several."""
    state = named_government(doc)
    if state is None:
        return {}
    return {p: state for p in government_owners(doc)[1]}


def _own_government(doc: Document, state, head: str):
    """The state of ``_governments``, unless someone else already holds that
    title for it (a state has one president, one prime minister)."""
    if state is None:
        return None
    for other, roles in doc.person_roles.items():
        if doc.affiliations.get(other) == state and any(
            (_head_of(r) or "").split()[-1:] == head.split()[-1:] for r in roles
        ):
            return None
    return state


def _polity(doc: Document, ref) -> bool:
    """Whether an affiliation is a state or a body that governs or joins states."""
    if ref is None:
        return False
    ent = doc.entities.get(ref)
    return ref[0] == "state" or (
        ent is not None and ent.cls in ("GovernmentBody", "InternationalOrganization")
    )


def _of_after_name(doc: Document, firsts: dict) -> None:
    """ "the two foreign ministers, Ararat Mirzoyan of Armenia and ...": the
    state or organization right after a name and "of" is the person's."""
    for ref, spans in firsts.items():
        for span in spans:
            i = span[-1].i + 1
            if i + 1 >= len(doc.tokens) or doc.tokens[i].lower_ != "of":
                continue
            obj = doc.tokens[i + 2] if doc.tokens[i + 1].lower_ == "the" else doc.tokens[i + 1]
            owner = entity_of(doc, obj)
            if owner and owner[0] in ("state", "org") and obj.head.i == i:
                doc.relate(ref, "speaksFor", owner, sentence_span(span[0]), STAGE)
                doc.affiliations.setdefault(ref, owner)


def _before_title(doc: Document, t: _Title) -> list:
    """The word right before a title's phrase ("retired" of "retired Kenyan
    general"), if any."""
    first = t.first if t.first is not None else (t.words[0].i if t.words else None)
    return [doc.tokens[first - 1]] if first else []


def _former(doc: Document, t: _Title, no_affil: set[str]) -> bool:
    """Whether a title is one its holder no longer holds: "former President X",
    also where the parser left the word out of the title ("deposed President X")."""
    return any(w.lower_ in no_affil for w in (*_before_title(doc, t), *t.words))


def _office_state(title: str) -> str | None:
    """The state a title names on its own (``title_states``: "secretary of
    state"), also with a rank before it ("deputy secretary of state";
    ``title_ranks``), not with another owner ("Northern Ireland Secretary of State")."""
    lx = lex()
    ranks = set(lx["title_ranks"])
    for office, iso in lx["title_states"].items():
        if office.startswith("_") or not title.endswith(office):
            continue
        rest = title[: len(title) - len(office)].split()
        if all(w in ranks for w in rest):
            return iso
    return None


def _implied_state(doc: Document, ref, t: _Title, ev: Span, officials) -> tuple[str, str] | None:
    """The state of an official whose title names none: a title only one state
    uses; else the one state named before them in the sentence that nobody
    else there speaks for; else, unless a counterpart with a known state is in
    the sentence, the state of the nearest official or state-qualified group
    ("Israeli ministers") in the two sentences before."""
    iso = _office_state(t.text.lower())
    if iso:
        from kg.stages.refer import ensure_state

        return ensure_state(doc, iso)
    if any(
        w.pos_ == "PROPN" and doc.token_refs.get(w.i, ("",))[0] in ("person", "place")
        for w in (*_before_title(doc, t), *t.words)
    ):
        # "Gagauzia President X": the title names an owner, not a state we know
        # (an owner the model tags as nothing is not told from "Tourism Minister")
        return None
    sent = doc.nlp.char_span(ev.start, ev.end, alignment_mode="expand")
    if sent is None:
        return None
    me = next((tok.i for tok in sent if doc.token_refs.get(tok.i) == ref), sent.end)
    states, others = [], set()
    for tok in sent:
        r = doc.token_refs.get(tok.i)
        if r is None and tok.lower_ in ("he", "she") and tok.dep_ in ("nsubj", "nsubjpass"):
            r = person_antecedent(doc, tok)  # "He also held talks with Foreign Minister X"
        if r and r[0] == "state" and tok.i < me and r not in states:
            states.append(r)
        if r and r[0] == "person" and r != ref:
            others.add(r)
    if me < sent.end:
        # "Lebanese President A, Prime Minister B and Parliament Speaker C": a
        # list of officials named after one whose state is known shares it
        listed = _listed_state(doc, doc.tokens[me])
        if listed:
            return listed
    taken = {doc.affiliations.get(o) for o in others}
    free = [s for s in states if s not in taken]
    if len(free) == 1:
        return free[0]
    if len(free) > 1 and me < sent.end:
        # "France, which helped broker the truce with Washington, is running an
        # effort led by X": the state that is the subject of X's clause
        subject = _clause_subject(doc, doc.tokens[me], free)
        if subject:
            return subject
    if any(doc.affiliations.get(o, ("",))[0] == "state" for o in others):
        return None  # "Herzog spoke with Vice President Harris": a counterpart, state unknown
    sents = sentences(doc.nlp)
    k = doc.nlp.user_data["kg.sent_of"][sent.start]
    for s in reversed(sents[max(0, k - 2) : k]):
        # the sentence's subjects first: "Netanyahu told Ortagus that ..." (then
        # "Defense Minister X said") continues Netanyahu's side, not his guest's
        toks = list(s)
        subjects = [t for t in toks if t.dep_ in ("nsubj", "nsubjpass")]
        states_here = {x for t in toks if (x := doc.token_refs.get(t.i)) and x[0] == "state"}
        for tok in reversed(subjects):
            r = doc.token_refs.get(tok.i)
            if aff := _state_of(doc, r):
                return aff
            if (
                r
                and r[0] == "state"
                and tok.head.lemma_ in _stance_verbs()  # not "Russia launched 120 drones"
                and states_here == {r}
            ):  # "Pakistan accepted the proposal." then "Prime Minister X also ..."
                return r  # (the only state of its sentence)
        for tok in reversed(toks):
            if aff := _state_of(doc, doc.token_refs.get(tok.i)):
                return aff
            if tok.lower_ in ("ministers", "officials", "government", "cabinet", "leaders"):
                for c in tok.children:
                    st = entity_of(doc, c) if c.dep_ in ("amod", "compound", "poss") else None
                    if st and st[0] == "state":
                        return st
    return None


def _listed_state(doc: Document, tok):
    """The state of the first officials in a list that names this one later."""
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "conj":
        return None
    for other in tok.conjuncts:
        if other.i < tok.i and (aff := _state_of(doc, doc.token_refs.get(other.i))):
            return aff
    return None


def _state_of(doc: Document, ref):
    """The state a person speaks for, if it is known by now; else None."""
    aff = doc.affiliations.get(ref) if ref and ref[0] == "person" else None
    return aff if aff and aff[0] == "state" else None


@cache
def _stance_verbs() -> frozenset[str]:
    """Verbs by which a state takes a side or speaks: what its officials then do too."""
    lx = lex()
    return frozenset(
        lx["speech_verbs"]
        + lx["support_verbs"]
        + lx["reject_verbs"]
        + lx["propose_verbs"]
        + lx["party_verbs"]
    )


def _clause_subject(doc: Document, tok, states: list):
    """Of ``states``, the one that is the subject of a clause above ``tok``."""
    seen = 0
    while tok.head.i != tok.i and seen < 12:
        tok = tok.head
        seen += 1
        if tok.pos_ in ("VERB", "AUX"):
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass") and doc.token_refs.get(c.i) in states:
                    if any(doc.token_refs.get(o.i) in states for o in c.conjuncts):
                        return None  # "Armenia and Azerbaijan initialled ...": both sides
                    return doc.token_refs[c.i]
    return None


def _on_behalf(doc: Document) -> None:
    """'bargained on the group's behalf', 'on behalf of Hamas' -> speaksFor."""
    for tok in doc.tokens:
        if tok.lower_ != "behalf":
            continue
        target = None
        for c in tok.children:
            if c.dep_ == "poss":
                target = entity_of(doc, c) or (
                    group_antecedent(doc, c) if c.lower_ == "group" else None
                )
            if c.lower_ == "of":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                target = entity_of(doc, objs[0]) if objs else None
        verb = tok.head.head if tok.head.dep_ == "prep" else tok.head
        subj = None
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                subj = doc.token_refs.get(c.i)
        if subj is None and verb.dep_ == "relcl":
            subj = _ref_in_head(doc, verb.head)
        if subj and target and subj[0] == "person":
            doc.relate(subj, "speaksFor", target, sentence_span(tok), STAGE)


def _delegation_leads(doc: Document) -> None:
    """'Lebanon's side of the negotiations was handled by X', 'the Israeli
    delegation, led by Y', 'Z headed the BRN team' -> X, Y, Z speak for the
    side's state or organization."""
    lx = lex()
    nouns, verbs = set(lx["delegation_nouns"]), set(lx["delegation_lead_verbs"])
    for tok in doc.tokens:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in nouns:
            continue
        owners = delegation_owners(doc, tok)  # not "the rugby team"
        if len(owners) != 1:
            continue
        if tok.dep_ == "nsubjpass" and tok.head.lemma_ in verbs:
            verb = tok.head  # "... side was handled by X"
        elif tok.dep_ == "dobj" and tok.head.lemma_ in verbs:
            verb = tok.head  # "X led the American delegation"
        else:  # "... delegation, led by X"
            verb = next((c for c in tok.children if c.dep_ == "acl" and c.lemma_ in verbs), None)
        if verb is None or is_negated(verb):
            continue
        if tok.dep_ == "dobj":
            leads = [c for c in verb.children if c.dep_ == "nsubj"]
            if verb.dep_ == "relcl" and any(c.lower_ in ("who", "that") for c in leads):
                leads = [verb.head]  # "Medinsky, who led the Russian delegation"
        else:
            leads = [
                obj
                for agent in verb.children
                if agent.dep_ == "agent"
                for obj in agent.children
                if obj.dep_ == "pobj"
            ]
        for t in (t for lead in leads for t in (lead, *lead.conjuncts)):
            person = doc.token_refs.get(t.i)
            if person and person[0] == "person":
                doc.relate(person, "speaksFor", owners[0], sentence_span(tok), STAGE)
                doc.affiliations.setdefault(person, owners[0])


def _ref_in_head(doc: Document, tok):
    """The person a relative clause hangs off ('an ally of X who ...' -> the appositive's head)."""
    while tok is not None:
        ref = doc.token_refs.get(tok.i)
        if ref:
            return ref
        if tok.dep_ in ("appos", "pobj", "prep", "conj") and tok.head.i != tok.i:
            tok = tok.head
        else:
            return None
    return None


def _part_of(doc: Document) -> None:
    gz = gazetteer()
    text = doc.parsed_text
    for ent in list(doc.entities.values()):
        if ent.kind != "org":
            continue
        ev = ent.spans[0] if ent.spans else Span(0, 0)
        sent = doc.nlp.char_span(ev.start, ev.end, alignment_mode="expand")
        evidence = sentence_span(sent[0]) if sent is not None and len(sent) else ev
        if ent.country and ("state", ent.country) in doc.entities:
            doc.relate(ent.ref, "partOf", ("state", ent.country), evidence, STAGE)
        known = gz.orgs.get(ent.key)
        if known and known.part_of and ("org", known.part_of) in doc.entities:
            doc.relate(ent.ref, "partOf", ("org", known.part_of), evidence, STAGE)
        for other in doc.entities.values():
            if (
                other.kind == "org"
                and other is not ent
                and ent.name.startswith(other.name + " ")
                and len(other.name.split()) >= 2
            ):
                doc.relate(ent.ref, "partOf", other.ref, evidence, STAGE)
    for m in _RUN_BY.finditer(text):
        ctrl = doc.nlp.char_span(m.start(1), m.end(1), alignment_mode="expand")
        ref = doc.token_refs.get(ctrl[0].i) if ctrl is not None else None
        if ref is None:
            continue
        tail = doc.nlp.char_span(m.start(2), m.end(2), alignment_mode="expand")
        have = doc.token_refs.get(tail[-1].i) if tail is not None else None
        if have and have != ref and have[0] == "org":  # already known by that name
            doc.relate(have, "partOf", ref, sentence_span(tail[0]), STAGE)
            continue
        label = f"{m.group(1)}-run {m.group(2)}"
        body = Entity(
            "org",
            iris.normalize(label),
            label,
            "GovernmentBody",
            {label, m.group(2)},
            spans=[Span(m.start(), m.end())],
        )
        body = doc.add_entity(body)
        tok = doc.nlp.char_span(m.start(), m.end(), alignment_mode="expand")
        for t in tok or ():
            if t.i not in doc.token_refs:
                doc.token_refs[t.i] = body.ref
        doc.relate(body.ref, "partOf", ref, sentence_span(tok[0]), STAGE)
