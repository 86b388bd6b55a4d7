"""kg.mentions.v23: find actor mentions and resolve them to one entity each.

Sources: the spaCy model's entities, corrected from context, and the
gazetteer (states, capitals, seats of government, known organizations).
Within an article, surnames and first names link to the full name,
acronyms defined in parentheses to their expansion (and the expansion to
the known organization, when the gazetteer knows the acronym), "widely
known as X" to the person, and a capital to its state when the article uses
it as an actor ("Moscow rejected"), to a place otherwise ("in Moscow").

v2: "Name (ACRONYM)" with a known acronym is that known organization.
v3: a name the model took for a place but that ends in an organization's
head word (lexicon ``organization_heads``: "Unitary Platform") is one.
v4: v2 only when the name is the known organization's ("Popular Alliance
(PA)" is not the Palestinian Authority); "union" and "front" are no longer
organization heads (the Soviet Union, the Western Front).
v5: a name followed by a title up to four words on ("Tatyana Moskalkova,
Russia's human rights commissioner") is a person whatever the model says.
v6: a one-letter name ("Barrack wrote on X") is none.
v7: a first name alone ("Abiy said", of Abiy Ahmed) is its one person's when
no other person has that name; a capitalised surname the tagger took for a
noun ("Gonsalves said") links too; "X and Y" of two of the article's people
is no organization ("Bessent and Greer will represent ..."); "St" and "St."
read as "Saint" in the gazetteer ("St Lucia"); a name the model tagged as a
person that ends in an organization head ("Unitary Platform") is one.
v8: a noun links to a surname only as a verb's subject ("Price increases" is
no one); a medium ("said on Twitter"; ``platform_names``) and an
organization named with an indefinite article ("an international boundary
commission") are none.
v9: title words at the start of the model's PERSON span
("Qatari Emir Sheikh Tamim ...") are not part of the name.
v10: only a run of such words with a head or an honorific in it ("German
Gref" and "French Hill" keep their first names).
v11: one name, one entity: a name the model tags as a place in one sentence
and as a person or organization in another, or that a place noun
(``place_heads``: "the Orakzai district", "Shan State") or a preposition of
location ("flew over Kos") makes a place, is a place throughout; a surname of
several words ("Abu Rudeineh said") links to the full name; a name in
apposition to a title before it ("the UN's envoy for Western Sahara, Staffan
de Mistura") is a person, particles and all. A government body named with its
state ("Turkey's defence ministry", "Pakistan's Foreign Office") is that
state's, also where the gazetteer knows the name as another state's body;
"the Prime Minister's Office" is a body. Gazetteer names match without their
accents ("Chisinau"). "US National Security" before "Adviser" is a title,
not an organization; "travelled to X" makes X a place (the model's tags alone move a name to the
places only when it tags it a place at least as often as a person or
organization: "Blinken said", once tagged a place, stays a person); an "assembly" is a
government body. An organization named by the first words of a known one's
name ("Organization for Security and Co-operation" of "... in Europe") is it.

v12-v23 (one session's rules, on probe articles about other talks): a name
after a title ("U.S. envoy Morgan Ortagus") or before ", who" is a person; one
capitalized word after "the" no title explains is a place ("the Galilee");
"the town of X"; capitals one travels between, leaves, visits or names
sessions after are places; words without a capital name nothing; agency
trailers are blanked (parse); a surname is its person's even where the
gazetteer knows it as a group's short name; "the Mongolian Foreign Ministry",
"the Foreign Office in Islamabad"; "the Saudi capital"; an organization cut
short before "in Somalia (ATMIS)" or an abbreviation ("U.N.") is whole.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from kg import iris
from kg.doc import Document, Entity, Mention, Span
from kg.gazetteer import gazetteer
from kg.resources import load_json
from kg.stages.refer import apposition_head

STAGE = "kg.mentions.v23"
_NER = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
_AGENTIVE = {"nsubj", "nsubjpass", "poss", "agent", "dobj", "dative"}
_MILITARY = re.compile(r"\b(armed forces|army|defen[cs]e forces?|military|navy|air force)\b", re.I)
_GOV = re.compile(
    r"\b(ministry|department|office|agency|council|parliament|assembly|cabinet|commission|"
    r"directorate|service|authority|bureau)\b",
    re.I,
)
_OUTLET = re.compile(
    r"\b(news|times|post|journal|press|tv|television|radio|broadcasting|gazette)\b", re.I
)
_ARMED = re.compile(r"\b(forces|brigades?|front|militia|army|movement|guards?|rebels?)\b", re.I)
_PARTY = re.compile(r"\b(party)\b", re.I)
_KNOWN_AS = re.compile(
    r"(?:widely |better |also |popularly )?known as ([A-Z][\w'-]+(?: [A-Z][\w'-]+)*)"
)


def _lex() -> dict:
    return load_json("lexicon.json")


_TRAILING_PARENS = re.compile(r"\s*\([^)]*\)?\s*$")  # "Authority on Development (IGAD)"
_LEADING_THE = re.compile(r"^(the|The)\s+")
_POSSESSIVE = re.compile(r"'s?$")
_ABBREVIATION = re.compile(r"\b[A-Z]\.[A-Z]\.?$")  # "U.S." keeps its last period


@lru_cache(maxsize=65536)  # the same candidate spans recur across a corpus
def _clean(text: str) -> str:
    text = text.strip().replace("’", "'")
    text = _TRAILING_PARENS.sub("", text)
    text = _LEADING_THE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    abbrev = _ABBREVIATION.search(text)
    text = text.strip(' ,;:"“”')
    text = text.rstrip(".") + ("." if abbrev and not text.endswith(".") or abbrev else "")
    return text.replace("..", ".")


@cache
def _honorifics() -> frozenset[str]:
    return frozenset(h.strip(".") for h in _lex()["honorifics"])


@cache
def _prefix_particles() -> tuple[str, ...]:
    return tuple(p for p in _lex()["name_particles"] if p.endswith("-"))


def _strip_honorifics(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower().strip(".") in _honorifics():
        words = words[1:]
    return " ".join(words)


def _name_tokens(name: str) -> list[str]:
    out = []
    for w in name.lower().replace("’", "'").split():
        for p in _prefix_particles():
            if w.startswith(p) and len(w) > len(p) + 1:
                w = w[len(p) :]
        out.append(w)
    return out


def org_class(name: str, label: str) -> str:
    gz = gazetteer()
    first = name.split()[0] if name.split() else ""
    national = bool(gz.demonym(first) or gz.country(first))
    if _MILITARY.search(name) and national:
        return "Military"
    if _PARTY.search(name):
        return "PoliticalParty"
    if _GOV.search(name):
        return "GovernmentBody"
    if _OUTLET.search(name) and label == "ORG":
        return "NewsOutlet"
    if _ARMED.search(name):
        return "ArmedGroup"
    return "Organization"


class _Resolver:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.gz = gazetteer()
        self.persons: list[Entity] = []

    # -- entity constructors ---------------------------------------------------
    def state(self, iso: str, surface: str, span: Span) -> Entity:
        c = self.gz.countries[iso]
        ent = Entity("state", iso, c.name, "State", {surface}, spans=[span])
        return self.doc.add_entity(ent)

    def org(self, name: str, label: str, span: Span, owner=None) -> Entity:
        """``owner``: the state named right before ("Turkey's defence ministry")."""
        known = (
            self.gz.org(name)
            or self.gz.org(name.rstrip("s"))
            or self.gz.org(name + "s")
            or self.gz.org(_spelled_out(name))  # "U.N. Support Mission in Libya"
        )
        if known:
            ent = _known_org(known, name, [span])
        else:
            cls = org_class(name, label)
            name = re.sub(r"\s+(party|group|movement|militia|faction)$", "", name)
            first = name.split()[0]
            c = self.gz.demonym(first) or self.gz.country(first)
            surface = name
            aliases = {name}
            if c is None and owner is not None and cls in ("Military", "GovernmentBody"):
                c, name = owner, f"{owner.name}'s {name}"  # one state's, not every state's
                before = self.doc.parsed_text[max(0, span.start - 40) : span.start].split()
                if before and self.gz.demonym(before[-1]):  # "the Emirati foreign ministry"
                    aliases.add(f"{before[-1]} {surface}")
            aliases |= {name, surface}
            ent = Entity("org", iris.normalize(name), name, cls, aliases, spans=[span])
            if c and ent.cls in ("Military", "GovernmentBody"):
                ent.country = c.iso3
        return self.doc.add_entity(ent)

    def body(self, name: str, iso: str, span: Span) -> Entity:
        """A government body of a state the gazetteer does not list it for."""
        ent = Entity("org", iris.normalize(name), name, "GovernmentBody", {name}, spans=[span])
        ent.country = iso
        return self.doc.add_entity(ent)

    def place(self, name: str, span: Span) -> Entity:
        # "Gaza Strip" and "Gaza", "Darfur region" and "Darfur": one place
        base = re.sub(
            r"\s+(strip|region|province|governorate|district|area)$", "", name, flags=re.I
        )
        ent = Entity(
            "place",
            iris.normalize(base),
            name,
            "Place",
            {name},
            spans=[span],
            country=self.gz.city_country(name),
        )
        return self.doc.add_entity(ent)

    def person(self, name: str, span: Span) -> Entity:
        base = _strip_honorifics(name)
        toks = _name_tokens(base)
        for p in reversed(self.persons):  # most recent first
            have = _name_tokens(p.name)
            if len(toks) <= len(have) and _is_part(toks, have):
                p.aliases.add(name)
                p.spans.append(span)
                return p
        for p in self.persons:
            have = _name_tokens(p.name)
            if len(have) < len(toks) and _is_part(have, toks):  # "Sisi" seen before "el-Sisi"
                self.doc.entities.pop(p.ref, None)
                p.key, p.name = iris.normalize(base), base
                p.aliases.add(name)
                p.spans.append(span)
                self.doc.entities[p.ref] = p
                return p
        ent = Entity("person", iris.normalize(base), base, "Person", {name, base}, spans=[span])
        ent = self.doc.add_entity(ent)
        self.persons.append(ent)
        return ent


def _is_part(part: list[str], whole: list[str]) -> bool:
    """Whether the name tokens ``part`` occur in ``whole`` in order, contiguously."""
    n = len(part)
    return any(whole[i : i + n] == part for i in range(len(whole) - n + 1))


def _first_word(text: str) -> str:
    return text.lower().replace("’", "'").strip(".")


def _candidates(doc: Document) -> list[tuple[int, int, str]]:
    """(token start, token end, label) spans from NER and the gazetteer, longest first."""
    sp = doc.nlp
    gz = gazetteer()
    # a name has a capital letter: not "the east and west of the country", "lieutenant general"
    out = [
        (e.start, e.end, e.label_)
        for e in sp.ents
        if e.label_ in _NER and any(ch.isupper() for ch in e.text)
    ]
    covered = {i for s, e, _ in out for i in range(s, e)}
    n = len(sp)
    i = 0
    starts = gz.first_words()
    toks = doc.tokens
    parsed = doc.parsed_text
    while i < n:
        hit = None
        first = toks[i]
        if not first.text[:1].isupper() or _first_word(first.text) not in starts:
            i += 1  # no gazetteer name starts with this word
            continue
        for size in range(min(7, n - i), 0, -1):
            last = toks[i + size - 1]
            if last.is_punct:
                continue
            # the span's text, cut from the parsed text (a spaCy Span would make
            # a Token object per word to build it)
            text = _clean(parsed[first.idx : last.idx + len(last)])
            if gz.org(text) or gz.country(text) or gz.seat(text):
                hit = (i, i + size, "GAZ")
                break
        if hit and not any(j in covered for j in range(hit[0], hit[1])):
            out.append(hit)
            i = hit[1]
        elif hit:
            # replace shorter NER spans wholly inside the gazetteer match
            inner = [c for c in out if c[0] < hit[1] and c[1] > hit[0]]
            if inner and all(c[1] - c[0] < hit[1] - hit[0] for c in inner):
                out = [c for c in out if c not in inner] + [hit]
            i = hit[1]
        else:
            i += 1
    out += _offices(doc, {i for c in out for i in range(c[0], c[1])})
    out = _extend_names(toks, out)  # the token list: a spaCy Doc makes a Token per access
    covered = {i for c in out for i in range(c[0], c[1])}
    out += _titled_names(toks, covered)
    covered = {i for c in out for i in range(c[0], c[1])}
    out += _unlabeled(toks, covered)
    return sorted(out)


_OFFICE = re.compile(r"\b((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+)['’]s Office\b")
_BODY = re.compile(
    r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:['’]s)? ((?:[a-z]+ ){0,2}(?:ministry|department))\b"
)
# "the Mongolian Foreign Ministry", which the model may miss too: one demonym
_TITLED_BODY = re.compile(r"\b([A-Z][a-z]+) ((?:[A-Z][a-z]+ ){0,2}(?:Ministry|Department))\b")


@cache
def _role_heads() -> frozenset[str]:
    return frozenset(h.lower() for h in _lex()["role_heads"])


def _offices(doc: Document, covered: set[int]) -> list[tuple[int, int, str]]:
    """Government bodies the model seldom tags: "the Prime Minister's Office"
    (named after a title, ``role_heads``), "Chile's foreign ministry"."""
    heads = _role_heads()
    gz = gazetteer()
    out = []
    spans = [
        (m.start(1), m.end())
        for m in _OFFICE.finditer(doc.parsed_text)
        if m.group(1).lower() in heads
    ] + [  # "Chile's foreign ministry", "the Kenyan defence ministry": the model misses them
        (m.start(2), m.end())
        for pattern in (_BODY, _TITLED_BODY)
        for m in pattern.finditer(doc.parsed_text)
        if gz.country(m.group(1)) or gz.demonym(m.group(1))
    ]
    for start, end in spans:
        span = doc.nlp.char_span(start, end, alignment_mode="expand")
        if span is not None and not any(i in covered for i in range(span.start, span.end)):
            out.append((span.start, span.end, "ORG"))
            covered |= set(range(span.start, span.end))
    return out


_HUMAN_VERBS = {
    "say",
    "write",
    "tell",
    "travel",
    "visit",
    "meet",
    "arrive",
    "reply",
    "add",
    "explain",
    "speak",
    "urge",
    "sign",
    "welcome",
    "hail",
    "reject",
    "announce",
    "insist",
}


def _unlabeled(sp, covered: set[int]) -> list[tuple[int, int, str]]:
    """Proper names the model left unlabeled: a two- or three-word name that is
    the subject of a verb only people do ('Ana Torres travelled'), or a large
    city after a preposition ('the port of Odesa')."""
    gz = gazetteer()
    out = []
    for tok in sp:
        if tok.i in covered or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            continue
        person_like = tok.dep_ == "nsubj" and tok.head.lemma_ in _HUMAN_VERBS
        person_like |= any(c.ent_type_ == "PERSON" for c in tok.conjuncts)  # "A B and C D"
        if person_like:
            left = [
                c
                for c in tok.lefts
                if c.dep_ == "compound"
                and c.pos_ == "PROPN"
                and c.text[:1].isupper()
                and c.i not in covered
            ]
            before = sp[left[0].i - 1] if left and left[0].i > 0 else None
            part_of_longer = before is not None and (before.i in covered or before.pos_ == "PROPN")
            if 1 <= len(left) <= 2 and left[0].i == tok.i - len(left) and not part_of_longer:
                out.append((left[0].i, tok.i + 1, "PERSON"))
                continue
        if (
            tok.i > 0
            and sp[tok.i - 1].lower_ in ("in", "of", "to", "from", "near", "at")
            and gz.is_city(tok.text, 100_000)
            and not gz.country(tok.text)
        ):
            out.append((tok.i, tok.i + 1, "GPE"))
    return out


def _extend_names(sp, cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Grow the model's PERSON spans over the rest of the name it cut off
    ('Mohammed bin Abdulrahman' + 'Al Thani'): adjacent capitalized proper
    nouns and name particles that are not titles, states or demonyms."""
    gz = gazetteer()
    lx = _lex()
    heads = {w for h in lx["role_heads"] for w in h.split()}
    honorifics = {h.strip(".") for h in lx["honorifics"]}
    mods = {w for m in lx["role_modifiers"] for w in m.split()}
    particles = set(lx["name_particles"])
    taken = {i: c for c in cands if c[2] != "PERSON" for i in range(c[0], c[1])}

    def namelike(i: int) -> bool:
        if i < 0 or i >= len(sp) or i in taken:
            return False
        t = sp[i]
        if t.lower_ in particles:
            return i + 1 < len(sp) and sp[i + 1].pos_ == "PROPN" and sp[i + 1].text[:1].isupper()
        return (
            t.pos_ == "PROPN"
            and t.text[:1].isupper()
            and t.lower_ not in heads
            and t.lower_ not in honorifics
            and not gz.demonym(t.text)
            and not gz.country(t.text)
        )

    def title_word(i: int) -> bool:
        t = sp[i]
        low = t.lower_.strip(".")
        # not a country's name: "Israel Katz", "Jordan Bardella" are names
        return bool(low in heads or low in mods or low in honorifics or gz.demonym(t.text))

    def to_acronym(e: int) -> int:
        """Where an organization's name cut short before "in Somalia (ATMIS)" ends:
        before the parenthesis, if only capitalized and linking words come
        between; else ``e``."""
        links = ("in", "for", "of", "on", "the", "and")
        if e >= len(sp) or sp[e].lower_ not in links[:4]:
            return e
        for k in range(e + 1, min(len(sp) - 2, e + 9)):
            t = sp[k]
            if t.text == "(":
                acronym = sp[k + 1].text
                ok = sp[k + 2].text == ")" and acronym.isupper() and 2 <= len(acronym) <= 9
                return k if ok and k > e + 1 else e
            if not (t.text[:1].isupper() or t.lower_ in links):
                return e
        return e

    out = []
    for s, e, label in cands:
        if label in ("ORG", "FAC"):  # "the UN Mission for the Referendum in ... (MINURSO)"
            e = to_acronym(e)
        if label == "PERSON":
            run = 0
            while s + run < e - 1 and title_word(s + run):
                run += 1
            # "Qatari Emir Sheikh Tamim ...": a title is not the name; a word
            # alone that may be one is ("German Gref", "French Hill")
            if any(
                sp[k].lower_.strip(".") in heads or sp[k].lower_.strip(".") in honorifics
                for k in range(s, s + run)
            ):
                s += run
            while namelike(s - 1) and sp[s - 1].lower_ not in particles:
                s -= 1
            while namelike(e):
                e += 1
        out.append((s, e, label))
    # spans that now overlap are one name; a place inside a grown organization's
    # name is part of it
    grown = [(s, e) for s, e, label in out if label in ("ORG", "FAC")]
    out = [c for c in out if not any(s <= c[0] and c[1] <= e and (s, e) != c[:2] for s, e in grown)]
    merged: list[tuple[int, int, str]] = []
    for c in sorted(out):
        if merged and c[2] == "PERSON" == merged[-1][2] and c[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(c[1], merged[-1][1]), "PERSON")
        else:
            merged.append(c)
    return merged


def _titled_names(sp, covered: set[int]) -> list[tuple[int, int, str]]:
    """'President Ana Torres': proper nouns right after a role title are a
    person's name even when the model misses them."""
    heads = {w for h in _lex()["role_heads"] for w in h.split()}
    gz = gazetteer()
    out = []
    i = 0
    while i < len(sp) - 1:
        tok = sp[i]
        if (
            tok.lower_ in heads
            and tok.text[:1].isupper()
            or tok.lower_ in ("envoy", "spokesman", "spokeswoman")
        ):
            j = i + 1
            while (
                j < len(sp)
                and j - i <= 4
                and sp[j].pos_ == "PROPN"
                and sp[j].text[:1].isupper()
                and sp[j].lower_ not in heads
                and j not in covered
                and not gz.demonym(sp[j].text)
                and not gz.country(sp[j].text)
            ):
                j += 1
            if j - i >= 3 or (j - i == 2 and j < len(sp) and sp[j].text in (",", "said")):
                out.append((i + 1, j, "PERSON"))
                i = j
                continue
        i += 1
    return out


def _agentive(tok) -> bool:
    lx = _lex()
    if tok.dep_ == "compound" and (
        tok.head.lemma_ in lx["meeting_nouns"] or tok.head.lemma_ in lx["negotiation_nouns"]
    ):
        return False  # "followed the Kinshasa sessions", "the Doha talks": where
    head = tok
    while head.dep_ in ("compound", "conj", "appos") and head.head.i != head.i:
        head = head.head
    if head.dep_ == "pobj":
        prep = head.head
        # "talks between Washington and Beijing", "a call from Moscow"; not "shuttled
        # between Beirut and Jerusalem", "repel them from Tripoli"
        return prep.lower_ in ("by", "for", "with") or (
            prep.lower_ in ("between", "from")
            and prep.head.pos_ in ("NOUN", "PROPN")
            and prep.head.lower_ not in lx["attack_nouns"]  # "repel his forces from Tripoli"
        )
    if head.dep_ == "dobj" and (
        head.head.lemma_ in lx["attack_verbs"] or head.head.lemma_ in lx["place_verbs"]
    ):
        return False  # "shelled Kyiv"; "visited Tripoli", "should leave Kinshasa"
    return head.dep_ in _AGENTIVE


def run(doc: Document) -> Document:
    sp = doc.tokens  # a list: a spaCy Doc makes a Token per access
    parsed = doc.parsed_text
    gz = gazetteer()
    res = _Resolver(doc)
    lex = _lex()
    demonyms_only = set()
    cands = _candidates(doc)
    # persons first (longest names first) so that surnames find their full name
    titles = _role_heads()
    org_heads = set(lex["organization_heads"])  # a place the model saw in an organization's name
    place_heads = set(lex["place_heads"])
    # "the officials"; "said on Twitter": a medium, not an actor
    no_actor = set(lex["generic_actor_words"]) | set(lex["platform_names"])
    person_spans, other = [], []
    for s, e, label in cands:
        text = _clean(parsed[sp[s].idx : sp[e - 1].idx + len(sp[e - 1])])
        if not any(ch.isalpha() for ch in text) or len(text.strip(".")) < 2:
            continue  # "wrote on X": a one-letter name is no actor or place (G7 is one)
        known = gz.country(text) or gz.org(text) or gz.demonym(text)
        if label in ("ORG", "GPE", "LOC") and not known and _person_context(sp, s, e, titles):
            label = "PERSON"  # "Olusegun Obasanjo, a former president of Nigeria"
        if label == "PERSON" and not known and _the_place(sp, s, e, titles, lex):
            label = "LOC"  # "threatens the Galilee": no person takes "the"
        if label in ("ORG", "NORP", "GPE") and e - s == 1 and sp[s].dep_ == "amod" and not known:
            continue  # "Tigrayan fighters": a modifier, not an actor
        if label == "PERSON" and e - s >= 2 and text.split()[-1].lower() in org_heads:
            label = "ORG"  # "the opposition Unitary Platform", tagged as a person
        if label == "PERSON" and not known:
            person_spans.append((s, e, label, text))
        else:
            other.append((s, e, label, text))
    person_spans, other = _one_kind_per_name(sp, person_spans, other, lex)
    person_tokens = set()
    for s, e, _label, text in sorted(person_spans, key=lambda c: -(c[1] - c[0])):
        if len(text.split()) >= 2:
            res.person(text, Span(sp[s].idx, sp[e - 1].idx + len(sp[e - 1])))
            person_tokens |= {t.lower() for t in _name_tokens(_strip_honorifics(text))}
    capital_uses: dict[str, list[tuple[int, int, str]]] = {}
    bodies: dict[str, Entity] = {}  # a state's body under a name the gazetteer gives another's
    modifier_words = {w for m in lex["role_modifiers"] + lex["role_heads"] for w in m.split()}
    for s, e, label, text in sorted(person_spans + other):
        span = Span(sp[s].idx, sp[e - 1].idx + len(sp[e - 1]))
        low = text.lower()
        before = " ".join(t.lower_ for t in sp[max(0, s - 2) : s])
        if f"{before} {low}" in titles or (
            e < len(sp) and label == "PERSON" and sp[e].lower_ in ("administration", "government")
        ):
            continue  # "Secretary of State"; "the Biden administration" is not the person
        if (label == "NORP" or gz.demonym(text)) and not gz.org(text) and not gz.country(text):
            demonyms_only.add(text)
            continue
        if (
            label in ("ORG", "GPE")
            and not gz.org(text)
            and (
                all(w in modifier_words for w in low.split())  # "Lieutenant General"
                or ("'s " in text.replace("’", "'") and not _GOV.search(low.split()[-1]))
                or (e < len(sp) and sp[e].lower_ in titles and _title_words(low, modifier_words))
            )
        ):
            continue  # "Defence" of "Defence Minister"; "Biden's Middle East" (a title)
        if (
            label in ("ORG", "GPE", "LOC")
            and not (gz.org(text) or gz.country(text))
            and _person_context(sp, s, e, titles)
        ):
            label = "PERSON"  # "Olusegun Obasanjo, a former president of Nigeria"
        if low in no_actor:
            continue
        if (
            label == "PERSON"
            and e - s == 1
            and sp[s].dep_ == "compound"
            and sp[s].head.tag_ == "NNS"
            and low not in person_tokens
        ):
            continue  # "ethnic Hutu officials": a people, not a person
        if label == "ORG" and low.split()[0] in ("a", "an", "another"):
            continue  # "an international boundary commission": no name
        ent = None
        if label == "PERSON" and (gz.org(text) or gz.country(text)):
            label = "ORG" if gz.org(text) else "GPE"  # the model's PERSON for a known actor
        if (
            label == "PERSON"
            and len(text.split()) == 1
            and gz.capital(text)
            and not any(p for p in res.persons if low in _name_tokens(p.name))
        ):
            capital_uses.setdefault(text, []).append((s, e, text))  # "Lima said"
            continue
        if label == "PERSON":
            if len(text.split()) == 1 and not any(
                p for p in res.persons if low in _name_tokens(p.name)
            ):
                if gz.capital(text) or gz.city_country(text):
                    ent = res.place(text, span)
            ent = ent or res.person(text, span)
        elif (c := gz.seat(text)) is not None:
            ent = res.state(c.iso3, text, span)
        elif (c := gz.country(text)) is not None and not gz.org(text):
            ent = res.state(c.iso3, text, span)
        elif (owner := _owner_state(doc, s, e)) and _other_states_body(gz.org(text), owner):
            # "Pakistan's Foreign Office" is not the UK's, which the press also calls so
            ent = res.body(f"{owner.name}'s {text}", owner.iso3, span)
            # as the article calls it: "the Foreign Office in Islamabad", "the
            # Emirati foreign ministry"
            ent.aliases.add(text)
            bodies[low] = ent
        elif low in bodies:  # and "the Foreign Office said" after it
            ent = bodies[low]
            ent.spans.append(span)
        elif gz.org(text) and not (
            e - s == 1 and low in person_tokens and gz.org(text).name.lower() != low
        ):  # "Wagner, who flew to Washington": the surname of one named in full, not
            # the known group of that short name
            ent = res.org(text, label, span)
        elif label in ("GPE", "ORG", "LOC", "FAC", "GAZ") and _part_of_person(
            res, text, person_tokens
        ):
            ent = res.person(text, span)  # a surname the model took for a place
        elif gz.capital(text) and label in ("GPE", "GAZ", "LOC", "ORG"):
            capital_uses.setdefault(text, []).append((s, e, text))
            continue
        elif label in ("GPE", "ORG", "LOC", "FAC") and _two_people(text, person_tokens):
            continue  # "Bessent and Greer will represent ...": two people, not a firm
        elif label == "ORG":
            ent = res.org(text, label, span, _owner_state(doc, s))
        elif (
            label in ("GPE", "LOC", "FAC")
            and any(w in org_heads for w in low.split()[1:])
            and low.split()[-1] not in place_heads  # "Andrews Air Force Base" is a place
        ):
            # "the opposition Unitary Platform", "the ... Peacekeeping Force in Cyprus"
            ent = res.org(text, "ORG", span)
        elif label in ("GPE", "LOC", "FAC"):
            ent = res.place(text, span)
        if ent is not None:
            _mark(doc, s, e, ent, text)
    _resolve_capitals(doc, res, capital_uses)
    _capital_phrases(doc, res)
    _fold_cut_names(doc)
    _source(doc, res)
    _alias_after(doc, "org", _ACRONYM)
    _alias_after(doc, "person", _KNOWN_AS, prefix=", ")
    _loose_surnames(doc)
    doc.mentions.sort(key=lambda m: m.start)
    return doc


def _two_people(text: str, person_tokens: set[str]) -> bool:
    """Whether a span is "X and Y" where X and Y are made of words of the
    article's people's names ("Bessent and Greer")."""
    parts = [p.strip() for p in text.split(" and ")]
    return len(parts) == 2 and all(
        p and all(w.lower() in person_tokens for w in _name_tokens(p)) for p in parts
    )


def _person_context(sp, s: int, e: int, titles: set[str]) -> bool:
    """A name followed by an appositive title (', a former president of X'), or
    in apposition to one before it ('the UN's personal envoy for Western
    Sahara, Staffan de Mistura,')."""
    lex = _lex()
    particles = set(lex["name_particles"])  # "Staffan de Mistura"
    if e - s < 2 or any(
        not t.text[:1].isupper() for t in sp[s:e] if t.is_alpha and t.lower_ not in particles
    ):
        return False
    not_org = (
        sp[e - 1].lower_ not in lex["organization_heads"]
        and sp[e - 1].lower_ not in lex["generic_actor_words"]
    )
    if s >= 1 and sp[s - 1].lower_ in titles and not_org:
        return True  # "U.S. envoy Morgan Ortagus", the model's organization
    if e + 1 < len(sp) and sp[e].text == "," and sp[e + 1].lower_ == "who" and not_org:
        return True  # "María Corina Machado, who won the primary"
    if e < len(sp) and sp[e].text == ",":
        # up to four words before the title: "Russia 's human rights commissioner"
        window = " ".join(t.lower_ for t in sp[e + 1 : e + 7])
        if any(
            re.search(rf"^(a |an |the )?([\w'-]+ ){{0,4}}{re.escape(t)}\b", window) for t in titles
        ):
            return True
    if s > 1 and sp[s - 1].text == "," and (e == len(sp) or sp[e].text in (",", ".")):
        # the title noun the name is in apposition to, a few words before the comma
        head = apposition_head(sp[e - 1])
        return head is not None and head.lower_ in titles and s - 5 <= head.i < s
    return False


def _the_place(sp, s: int, e: int, titles: set[str], lex: dict) -> bool:
    """One capitalized word after "the" that no title or honorific explains
    ("the Galilee", "the Sahel"): a place the model took for a person."""
    if e - s != 1 or s == 0 or sp[s - 1].lower_ != "the" or sp[s].dep_ in ("compound", "poss"):
        return False  # "the Biden administration"
    low = sp[s].lower_
    return low not in titles and low not in lex["honorifics"] and sp[s].tag_ == "NNP"


def _owner_state(doc: Document, s: int, e: int | None = None):
    """The state named right before a name: "Turkey's" or "Turkish" (defence
    ministry); or, given the name's end, by its capital right after it ("the
    Foreign Office in Islamabad")."""
    gz = gazetteer()
    toks = doc.tokens
    if s >= 2 and toks[s - 1].tag_ == "POS":
        return gz.country(toks[s - 2].text)
    if s >= 1 and toks[s - 1].text[:1].isupper():
        return gz.demonym(toks[s - 1].text)
    if (
        e is not None
        and e + 1 < len(toks)
        and toks[e].lower_ == "in"
        and _GOV.search(toks[e - 1].lower_)  # a ministry or office, not "the CIA in Islamabad"
    ):
        return gz.capital(toks[e + 1].text)
    return None


def _other_states_body(known, owner) -> bool:
    return known is not None and known.state is not None and known.state != owner.iso3


def _title_words(low: str, modifier_words: set[str]) -> bool:
    """ "US National Security" (Adviser): a state, then only a title's words."""
    words = low.split()
    if len(words) < 2:
        return False
    gz = gazetteer()
    first = words[0]
    return bool(gz.country(first) or gz.demonym(first)) and all(
        w in modifier_words for w in words[1:]
    )


def _part_of_person(res: _Resolver, text: str, person_tokens: set[str]) -> bool:
    """A surname ("Abu Rudeineh said") of a person named in full before."""
    toks = _name_tokens(text)
    if len(toks) == 1:
        return toks[0] in person_tokens
    return any(_is_part(toks, _name_tokens(p.name)) for p in res.persons)


def _place_context(sp, s: int, e: int, label: str, place_heads: set[str]) -> bool:
    """A name that the words around it make a place: a place noun after it ("the
    Orakzai district", "the Dniester river") or ending it ("Shan State"), or the
    object of a preposition of location ("flew over Kos"; not a person's full
    name: "powers vested in Prime Minister Benjamin Netanyahu")."""
    last = sp[e - 1]
    if e - s >= 2 and last.lower_ in place_heads:
        return True
    if e < len(sp) and sp[e].lower_ in place_heads and sp[e].pos_ == "NOUN":
        return True
    if label == "PERSON" and e - s > 1:
        return False
    head = last
    while head.dep_ in ("compound", "flat") and head.head.i != head.i:
        head = head.head
    if head.dep_ != "pobj" or head.i != e - 1:
        return False
    prep = head.head
    if prep.i >= s:
        return False  # the preposition is the name's own: "... Force in Cyprus"
    return (
        prep.lower_ in ("in", "over", "near", "across", "into", "inside")
        or (prep.lower_ == "to" and prep.head.lemma_ in _lex()["visit_verbs"])  # "travelled to X"
        or (prep.lower_ == "of" and prep.head.lower_ in place_heads)  # "the town of Nabatieh"
    )


def _one_kind_per_name(sp, person_spans: list, other: list, lex: dict) -> tuple[list, list]:
    """A name the model tags as a place in one sentence and as a person or an
    organization in another ("Karabakh", "Transnistria"), or that its context
    makes a place, is a place throughout: one name, one entity. Known names
    (gazetteer) and parts of people's full names are left as they are."""
    gz = gazetteer()
    place_heads = set(lex["place_heads"])
    names = {
        t.lower(): _name_tokens(_strip_honorifics(t))
        for _s, _e, _l, t in person_spans
        if len(t.split()) >= 2
    }
    places, placed = set(), set()  # placed: the words around say so, no vote needed
    votes: dict[str, int] = {}  # tagged a place minus tagged a person or organization
    for s, e, label, text in person_spans + other:
        low = text.lower()
        if gz.country(text) or gz.org(text) or gz.demonym(text):
            continue
        votes[low] = votes.get(low, 0) + (1 if label in ("GPE", "LOC", "FAC") else -1)
        if _place_context(sp, s, e, label, place_heads):
            placed.add(low)
        if label in ("GPE", "LOC", "FAC") or low in placed:
            places.add(low)
            words = low.split()
            while len(words) > 1 and words[-1] in place_heads:
                words.pop()  # "the Kavor river valley": Kavor is a place too
                places.add(" ".join(words))
                votes[" ".join(words)] = votes.get(" ".join(words), 0) + 1

    def to_place(item):
        s, e, label, text = item
        low = text.lower()
        if (
            low not in places
            or label not in ("PERSON", "ORG")
            or (low not in placed and votes.get(low, 0) < 0)
        ):
            return item  # "Blinken said", tagged a place once and a person twice: a person
        toks = _name_tokens(text)
        if (
            any(_is_part(toks, n) for t, n in names.items() if t != low)
            or low.split()[-1] in lex["organization_heads"]
        ):
            return item
        return (s, e, "LOC", text)

    person_spans = [to_place(c) for c in person_spans]
    moved = [c for c in person_spans if c[2] == "LOC"]
    return [c for c in person_spans if c[2] != "LOC"], sorted([to_place(c) for c in other] + moved)


def _mark(doc: Document, s: int, e: int, ent: Entity, text: str) -> None:
    sp = doc.nlp
    for i in range(s, e):
        doc.token_refs[i] = ent.ref
    doc.mentions.append(Mention(sp[s].idx, sp[e - 1].idx + len(sp[e - 1]), text, ent.ref, STAGE))


def _resolve_capitals(doc: Document, res: _Resolver, uses: dict) -> None:
    sp = doc.nlp
    gz = gazetteer()
    for name, spans in uses.items():
        as_state = any(_agentive(sp[s:e].root) for s, e, _ in spans)
        for s, e, text in spans:
            span = Span(sp[s].idx, sp[e - 1].idx + len(sp[e - 1]))
            if as_state:
                ent = res.state(gz.capital(name).iso3, text, span)
            else:
                ent = res.place(text, span)
            _mark(doc, s, e, ent, text)


def _capital_phrases(doc: Document, res: _Resolver) -> None:
    """ "the Saudi capital", "Ethiopia's capital": that state's capital city, a
    place (named after it, as the country library knows it)."""
    gz = gazetteer()
    for tok in doc.tokens:
        if tok.lower_ != "capital" or tok.pos_ != "NOUN" or tok.i in doc.token_refs:
            continue
        kids = list(tok.children)
        if not any(c.lower_ == "the" or c.dep_ == "poss" for c in kids):
            continue  # "Chinese capital has poured into ...": money
        for c in kids:
            if c.dep_ not in ("amod", "compound", "poss") or c.i >= tok.i:
                continue
            ref = doc.token_refs.get(c.i)  # "Saudi Arabia's capital": the state's mention
            country = gz.demonym(c.text) or (
                gz.countries.get(ref[1]) if ref and ref[0] == "state" else None
            )
            if country is None or not country.capital:
                continue
            start = c.left_edge.idx if c.dep_ == "poss" else c.idx
            phrase = doc.parsed_text[start : tok.idx + len(tok.text)]
            ent = res.place(country.capital, Span(start, tok.idx + len(tok.text)))
            ent.aliases.add(phrase)
            _mark(doc, tok.i, tok.i + 1, ent, phrase)
            break


def _source(doc: Document, res: _Resolver) -> None:
    """The news agency of the dateline is an actor of the article too."""
    source = doc.article.source
    if source and doc.article.masked:
        # the dateline is one of the masked spans (a headline may come first)
        found = (doc.text.find(source, s, e) for s, e in doc.article.masked)
        where = next((w for w in found if w >= 0), -1)
        span = Span(where, where + len(source)) if where >= 0 else Span(*doc.article.masked[0])
        ent = res.org(source, "ORG", span)
        if ent.cls == "Organization":
            ent.cls = "NewsOutlet"


def _loose_surnames(doc: Document) -> None:
    """Names the model did not tag ('This week, Herzog spoke'): a proper noun
    equal to the last name of exactly one person of the article, or to the
    first name of one where the name is used that way ('Abiy said', of Abiy
    Ahmed) and no other person has that name first or last."""
    last: dict[str, list[Entity]] = {}
    first: dict[str, list[Entity]] = {}
    for ent in doc.entities.values():
        if ent.kind == "person" and len(ent.name.split()) >= 2:
            names = _name_tokens(ent.name)
            last.setdefault(names[-1], []).append(ent)
            first.setdefault(names[0], []).append(ent)
    toks = doc.tokens
    for tok in toks:
        if tok.i in doc.token_refs or tok.pos_ not in ("PROPN", "NOUN"):
            continue
        # the tagger takes a capitalised surname for a noun at times ("Gonsalves
        # said"): a noun only as a verb's subject ("Price increases" is no one)
        if tok.pos_ == "NOUN" and (
            tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.pos_ not in ("VERB", "AUX")
        ):
            continue
        if not tok.text[:1].isupper():
            continue
        text, end = tok.text, tok.idx + len(tok.text)
        if (
            tok.i + 2 < len(toks)
            and toks[tok.i + 1].text == "-"
            and not tok.whitespace_
            and not toks[tok.i + 1].whitespace_
        ):  # "Adjei-Mensah", three tokens
            text = f"{tok.text}-{toks[tok.i + 2].text}"
            end = toks[tok.i + 2].idx + len(toks[tok.i + 2].text)
        word = _name_tokens(text)[0] if text.strip() else ""
        hits = last.get(word, [])
        if not hits and tok.pos_ == "PROPN":
            after = toks[tok.i + 1] if tok.i + 1 < len(toks) else None
            if after is None or after.pos_ != "PROPN":  # not the start of another name
                hits = first.get(word, [])
        elif any(p not in hits for p in first.get(word, [])):
            hits = []  # one person's first name and another's last: which is meant?
        if len(hits) == 1:
            _link_chars(doc, tok.idx, end, hits[0])


_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z.]{1,9})\)")


def _alias_after(doc: Document, kind: str, pattern: re.Pattern, prefix: str = "") -> None:
    """A name the text gives right after a mention ('Rapid Support Forces (RSF)',
    'Mohamed Hamdan Dagalo, widely known as Hemedti') names the same entity
    everywhere in the article."""
    text = doc.parsed_text
    for m in list(doc.mentions):
        if m.ref[0] != kind or m.ref not in doc.entities:
            continue
        hit = pattern.match(text[m.end : m.end + 80].lstrip(prefix))
        if not hit:
            continue
        alias = hit.group(1)
        ent = doc.entities[m.ref]
        known = gazetteer().org(alias) if kind == "org" else None
        if known is not None and known.key != ent.key and _names(known, ent.name):
            # "the National Liberation Army (ELN)": the known organization under a
            # name the gazetteer gives with a qualifier ("(Colombia)")
            into = doc.add_entity(_known_org(known, alias, []))
            _fold(doc, ent, into)
            ent = into
        ent.aliases.add(alias)
        for h in re.finditer(rf"\b{re.escape(alias)}\b", text):
            _link_chars(doc, h.start(), h.end(), ent)


def _names(known, name: str) -> bool:
    """Whether ``name`` is one of a known organization's names, its qualifier aside."""
    bare = re.sub(r"\s*\([^)]*\)$", "", known.name)
    return name.lower() in {n.lower() for n in (bare, known.name, *known.aliases)}


def _known_org(known, surface: str, spans: list[Span]) -> Entity:
    return Entity(
        "org", known.key, known.name, known.cls, {surface}, known.wikidata, known.state, spans
    )


def _spelled_out(name: str) -> str:
    """A name with the abbreviations that open it spelled out, lower case: "U.N.
    Support Mission" -> "united nations support mission" (``name_abbreviations``)."""
    abbreviations = _lex()["name_abbreviations"]
    return " ".join(abbreviations.get(w, w) for w in name.lower().split())


def _fold_cut_names(doc: Document) -> None:
    """An organization named by the first words of a known one's name
    ("Organization for Security and Co-operation", of "... in Europe") is that one:
    the model cut the name short."""
    gz = gazetteer()
    orgs = [e for e in doc.entities.values() if e.kind == "org"]
    known = [(o, [_spelled_out(n) for n in (o.name, *o.aliases)]) for o in orgs if gz.org(o.name)]
    for ent in orgs:
        if gz.org(ent.name) or len(ent.name.split()) < 3:
            continue
        cut = _spelled_out(ent.name) + " "
        whole = [o for o, names in known if any(n.startswith(cut) for n in names)]
        if len(whole) == 1:
            _fold(doc, ent, whole[0])


def _fold(doc: Document, ent: Entity, into: Entity) -> None:
    """Make every mention of ``ent`` one of ``into``, and drop ``ent``."""
    doc.entities.pop(ent.ref, None)
    into.aliases |= ent.aliases | {ent.name}
    into.spans.extend(ent.spans)
    for i, r in doc.token_refs.items():
        if r == ent.ref:
            doc.token_refs[i] = into.ref
    doc.mentions[:] = [replace(m, ref=into.ref) if m.ref == ent.ref else m for m in doc.mentions]


def _link_chars(doc: Document, start: int, end: int, ent: Entity) -> None:
    span = doc.nlp.char_span(start, end, alignment_mode="expand")
    if span is None:
        return
    old = {doc.token_refs.get(t.i) for t in span} - {None, ent.ref}
    for ref in old:  # a wrong entity made from the alias alone: fold it in
        other = doc.entities.get(ref)
        alias = doc.parsed_text[start:end]
        if other is not None and all(
            doc.parsed_text[s.start : s.end] == alias for s in other.spans
        ):
            doc.entities.pop(ref, None)
            doc.mentions[:] = [m for m in doc.mentions if m.ref != ref]
            for i, r in list(doc.token_refs.items()):
                if r == ref:
                    doc.token_refs[i] = ent.ref
    if any(t.i in doc.token_refs and doc.token_refs[t.i] == ent.ref for t in span):
        return
    for t in span:
        doc.token_refs[t.i] = ent.ref
    ent.spans.append(Span(start, end))
    doc.mentions.append(Mention(start, end, doc.parsed_text[start:end], ent.ref, STAGE))
