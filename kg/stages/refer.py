"""Referring expressions: from a token of the parse to the entity it names.

Shared by the rule stages. Handles names (the mentions stage's token map),
demonyms ("Israeli strikes"), "Country's army", generic org words ("the
army", "the group") and pronouns or titles ("he", "the president") through
the nearest fitting antecedent.
"""

from __future__ import annotations

from functools import cache

from kg.doc import Document, Entity, Span
from kg.gazetteer import gazetteer
from kg.resources import load_json

_PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "i", "me", "my"}
_THING_PRONOUNS = {"it", "its", "they", "them", "their", "we", "our"}


def lex() -> dict:
    return load_json("lexicon.json")


def sentences(sp) -> list:
    """The sentences of a parsed document, listed once (``doc.sents`` and
    ``tok.sent`` rescan the document on every call)."""
    sents = sp.user_data.get("kg.sents")
    if sents is None:
        sents = list(sp.sents)
        sp.user_data["kg.sents"] = sents
        sp.user_data["kg.sent_of"] = [k for k, s in enumerate(sents) for _ in range(len(s))]
    return sents


def sent_of(tok):
    """The sentence (a spaCy span) a token is in."""
    sents = sentences(tok.doc)
    return sents[tok.doc.user_data["kg.sent_of"][tok.i]]


def sentence_span(tok) -> Span:
    s = sent_of(tok)
    return Span(s.start_char, s.end_char)


def ensure_state(doc: Document, iso: str, surface: str | None = None) -> tuple[str, str]:
    c = gazetteer().countries[iso]
    ent = doc.add_entity(Entity("state", iso, c.name, "State", {surface or c.name}))
    return ent.ref


def entity_of(doc: Document, tok, *, demonyms: bool = True) -> tuple[str, str] | None:
    """The entity a token names directly: a mention, or a demonym."""
    ref = doc.token_refs.get(tok.i)
    if ref:
        return ref
    if demonyms and tok.text[:1].isupper():
        gz = gazetteer()
        # the longer name first: "South Sudanese" before "Sudanese"; either
        # word of "South African" names the state
        c = None
        toks = doc.tokens
        for i in (tok.i - 1, tok.i):
            if 0 <= i < len(toks) - 1 and toks[i].text[:1].isupper():
                if toks[i + 1].text[:1].isupper():
                    c = gz.demonym(f"{toks[i].text} {toks[i + 1].text}")
                    if c:
                        break
        if c is None and _community(toks, tok.i, gz):
            return None
        c = c or gz.demonym(tok.text)
        if c:
            return ensure_state(doc, c.iso3)
    return None


def _community(toks: list, i: int, gz) -> bool:
    """Whether a word is one of two stacked names of peoples ("Turkish Cypriot
    leader", "Kosovo Serb mayor", "Bosnian Serb"): the pair names a community,
    not the state either word would name alone."""

    def capitalised(k: int) -> bool:
        return 0 <= k < len(toks) and toks[k].text[:1].isupper()

    def demonym(k: int) -> bool:
        return capitalised(k) and gz.demonym(toks[k].text) is not None

    def names_state(k: int) -> bool:
        return demonym(k) or (capitalised(k) and gz.country(toks[k].text) is not None)

    # "Turkish Cypriot": a people's name after a state's; "Kosovo Serb" too
    return (names_state(i) and demonym(i + 1)) or (demonym(i) and names_state(i - 1))


def delegation_owners(doc: Document, noun) -> list:
    """The states or organizations a delegation noun names as its owner ("the
    Israeli delegation", "the Houthi negotiating team"; not "the rugby team":
    a common-noun compound must be one of ``delegation_qualifiers``)."""
    qualifiers = set(lex()["delegation_qualifiers"])
    if any(
        c.dep_ == "compound" and c.pos_ == "NOUN" and c.lower_ not in qualifiers
        for c in noun.children
    ):
        return []
    owners = [
        ref
        for c in noun.children
        if c.dep_ in ("poss", "amod", "compound")
        and (ref := entity_of(doc, c)) is not None
        and ref[0] in ("state", "org")
    ]
    if not owners and any(c.lower_ == "government" and c.dep_ == "compound" for c in noun.children):
        state = named_government(doc)  # "the government delegation"
        owners = [state] if state else []
    return owners


def military_of(doc: Document, iso: str) -> tuple[str, str] | None:
    for ent in doc.entities.values():
        if ent.cls == "Military" and ent.country == iso:
            return ent.ref
    return None


def generic_org(doc: Document, tok) -> tuple[str, str] | None:
    """'the army', "Sudan's army", 'the Lebanese army' -> the article's military."""
    if tok.lower_ not in ("army", "military", "forces"):
        return None
    for child in tok.children:
        if child.dep_ in ("poss", "amod", "compound"):
            ref = entity_of(doc, child)
            if ref and ref[0] == "state":
                return military_of(doc, ref[1])
    mil = [e for e in doc.entities.values() if e.cls == "Military"]
    if len(mil) == 1 and tok.lower_ in ("army", "military"):
        return mil[0].ref
    return None


def _before(doc: Document, tok, kinds: tuple[str, ...]) -> list[tuple[int, tuple[str, str]]]:
    return [(i, r) for i, r in sorted(doc.token_refs.items()) if i < tok.i and r[0] in kinds]


def person_antecedent(doc: Document, tok) -> tuple[str, str] | None:
    """The person a 'he'/'she' refers to: the person subject of the nearest
    sentence that has one (a pronoun subject is resolved within its own
    sentence first), else the last person named before."""
    sents = sentences(doc.nlp)
    idx = doc.nlp.user_data["kg.sent_of"][tok.i]
    own = [r for i, r in _before(doc, tok, ("person",)) if i >= sents[idx].start]
    if own and tok.dep_ in ("nsubj", "nsubjpass"):
        return own[-1]  # "For Herzog's part, he said"
    for k in range(idx, max(-1, idx - 6), -1):
        sent = sents[k]
        for t in doc.tokens[sent.start : sent.end]:  # made once, not per pass
            if k == idx and t.i >= tok.i:
                break
            if t.dep_ not in ("nsubj", "nsubjpass"):
                continue
            ref = doc.token_refs.get(t.i)
            if ref and ref[0] == "person":
                return ref
            if t.lower_ in ("he", "she"):
                inner = [r for i, r in _before(doc, t, ("person",)) if i >= sent.start]
                if inner:
                    return inner[-1]
                if k < idx:
                    return person_antecedent(doc, t)  # "He also held talks ... He said"
        if k == idx - 1:
            # no person is the subject of the sentence before, but one is named
            # there ("..., according to X, the group's spokeswoman. 'We ...,' she said")
            named = {
                r
                for t in doc.tokens[sent.start : sent.end]
                if (r := doc.token_refs.get(t.i)) and r[0] == "person"
            }
            if len(named) == 1:
                return named.pop()
    prior = _before(doc, tok, ("person",))
    return prior[-1][1] if prior else None


def title_antecedent(doc: Document, tok) -> tuple[str, str] | None:
    """'the president', 'the Qatari premier' -> the last person holding that title."""
    head = tok.lower_
    best = None
    for _i, ref in _before(doc, tok, ("person",)):
        roles = [r.lower() for r in doc.person_roles.get(ref, [])]
        if any(r == head or r.endswith(" " + head) and not r.startswith("vice") for r in roles):
            best = ref
    return best


@cache
def group_nouns() -> frozenset[str]:
    """Nouns that, with "the" or as a possessive, name the organization last
    named ("the group said", "the bloc's commissioner"): ``group_pronouns``."""
    return frozenset(p.split()[-1] for p in lex()["group_pronouns"])


def apposition_head(name_tok):
    """The word a name is in apposition to ("the U.N. envoy for Yemen, Hans
    Grundberg" -> envoy), or None. From any word of the name up to its last
    (a first name may hang as an nmod); the parser may hang the name on the
    title's object ("for Yemen"), so prepositions are climbed too."""
    root = name_tok
    while root.dep_ in ("compound", "flat", "nmod") and root.head.i > root.i:
        root = root.head
    if root.dep_ != "appos":
        return None
    head = root.head
    while head.dep_ in ("pobj", "prep") and head.head.i != head.i:
        head = head.head
    return head


def _body_antecedent(doc: Document, tok) -> tuple[str, str] | None:
    """'the ministry' -> the last organization named before with that word in a name."""
    word = tok.lower_
    for _i, ref in reversed(_before(doc, tok, ("org",))):
        ent = doc.entities.get(ref)
        if ent and any(word in n.lower().split() for n in (ent.name, *ent.aliases)):
            return ref
    return None


def group_antecedent(doc: Document, tok) -> tuple[str, str] | None:
    prior = [
        r
        for i, r in _before(doc, tok, ("org",))
        if doc.entities.get(r) and doc.entities[r].cls not in ("NewsOutlet",)
    ]
    return prior[-1] if prior else None


_WEAPONS = frozenset({"forces", "troops", "strikes", "airstrikes", "missiles", "warplanes", "jets"})


def _modifiers(tok) -> list:
    """A noun's children, each compound followed by its own modifiers: in "Russian
    Kalibr cruise missiles" the parser hangs "Russian" on "Kalibr"."""
    out = []
    for child in tok.children:
        out.append(child)
        if child.dep_ == "compound":
            out += [g for g in child.children if g.dep_ in ("amod", "compound", "poss")]
    return out


def resolve(doc: Document, tok) -> tuple[str, str] | None:
    """Resolve a token (usually a noun phrase head) to an entity, or None."""
    ref = entity_of(doc, tok, demonyms=False)
    if ref:
        return ref
    low = tok.lower_
    if low in ("he", "she", "him", "her", "his", "i"):
        return person_antecedent(doc, tok)
    if low in ("army", "military", "forces"):
        found = generic_org(doc, tok)
        if found:
            return found
    if low in group_nouns() and (
        any(c.lower_ == "the" for c in tok.children)
        or tok.dep_ == "poss"
        or any(c.lower_ in ("the",) for c in tok.lefts)
    ):  # "the group said", "the bloc's commissioner"
        return group_antecedent(doc, tok)
    if low in (
        "government",
        "administration",
        "officials",
        "ministers",
        "forces",
        "troops",
        "strikes",
        "airstrikes",
        "missiles",
        "warplanes",
        "delegation",
        "delegations",
        "official",
        "diplomat",
        "authorities",
        "military",
        "army",
        "diplomats",
        "leaders",
        "negotiators",
        "media",
        "jets",
    ):
        for child in _modifiers(tok) if low in _WEAPONS else tok.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                ref = entity_of(doc, child) or generic_org(doc, child)  # "Army warplanes"
                if ref and (child.head.i == tok.i or ref[0] in ("state", "org")):
                    return ref
                if child.lower_ in ("his", "her"):
                    person = person_antecedent(doc, child)
                    aff = doc.affiliations.get(person) if person else None
                    if aff:
                        return aff
    if low == "government" and any(c.lower_ == "the" for c in tok.children):
        return named_government(doc)  # "the government rejected the plan"
    if low == "country" and any(c.lower_ == "the" for c in tok.children):
        return the_country(doc, tok)  # "the country's foreign minister"
    if low in ("ministry", "office", "department") and any(c.lower_ == "the" for c in tok.children):
        return _body_antecedent(doc, tok)  # "the ministry said in a statement"
    if low in ("rebels", "militants", "insurgents", "guerrillas", "fighters"):
        # "the Shining Path rebels"; not "Syrian rebels", who do not speak for Syria
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "poss"):
                ref = doc.token_refs.get(child.i)
                if ref and ref[0] == "org":
                    return ref
    if low in _referring_titles():  # "the Speaker told reporters"
        if any(c.lower_ == "the" for c in tok.children):
            return title_antecedent(doc, tok)
    return None


def the_country(doc: Document, tok) -> tuple[str, str] | None:
    """ "the country": the last state named before, in this sentence or the one
    before ("Kenya's part of the mediation is run by X, the country's Prime
    Cabinet Secretary")."""
    sents = sentences(doc.nlp)
    idx = doc.nlp.user_data["kg.sent_of"][tok.i]
    start = sents[max(0, idx - 1)].start
    states = [  # named or by a demonym: "Qatari Prime Minister X, who is also the country's"
        r for t in doc.tokens[start : tok.i] if (r := entity_of(doc, t)) and r[0] == "state"
    ]
    return states[-1] if states else None


def government_owners(doc: Document) -> tuple[frozenset, frozenset]:
    """Who the article says a government belongs to: the states ("Venezuela's
    government", "the Colombian government") and the persons ("Petro's
    government", "his government"). Found once per article."""
    key = "kg.government_owners"
    if key not in doc.nlp.user_data:
        states, persons = set(), set()
        for tok in doc.tokens:
            if tok.lower_ != "government":  # not "the Trump administration"
                continue
            for c in tok.children:
                if c.dep_ not in ("poss", "amod", "compound"):
                    continue
                ref = entity_of(doc, c)
                if ref and ref[0] == "state":
                    states.add(ref)
                elif ref and ref[0] == "person":
                    persons.add(ref)
                elif c.dep_ == "poss" and c.lower_ in ("his", "her"):
                    persons.add(person_antecedent(doc, c))
        doc.nlp.user_data[key] = (frozenset(states), frozenset(persons - {None}))
    return doc.nlp.user_data[key]


def named_government(doc: Document) -> tuple[str, str] | None:
    """The one state whose government the article names, or None when it names
    none or several."""
    states, _ = government_owners(doc)
    return next(iter(states)) if len(states) == 1 else None


def resolve_named(doc: Document, tok) -> tuple[str, str] | None:
    """``resolve``, or else the name in apposition ("his counterpart, Jeyhun
    Bayramov"; "the U.N. envoy for Yemen, Hans Grundberg"): a person named so
    comes before the organization a title noun may resolve to."""
    ref = resolve(doc, tok)
    if (ref is not None and ref[0] == "person") or tok.lemma_.lower() not in _person_nouns():
        return ref
    # the parser may hang the name on the title's object ("envoy for Yemen, X")
    objects = [
        o
        for p in tok.children
        if p.dep_ == "prep" and p.lower_ in ("for", "of")
        for o in p.children
    ]
    named = [
        r
        for c in [*tok.children, *(c for o in objects for c in o.children)]
        if c.dep_ == "appos" and (r := resolve(doc, c)) and r[0] == "person"
    ]
    return named[0] if named else ref


@cache
def _referring_titles() -> frozenset[str]:
    """Title nouns that, after "the", name the person last holding that title."""
    return frozenset(lex()["referring_titles"])


@cache
def _person_nouns() -> frozenset[str]:
    """Nouns that a person's name can stand in apposition to: the last word of
    each title, and the lexicon's ``person_nouns`` ("counterpart")."""
    lx = lex()
    return frozenset(h.split()[-1] for h in lx["role_heads"]) | frozenset(lx["person_nouns"])


def more_subjects(doc: Document, verb, first, found: list) -> list:
    """``found`` (the actors of the subject ``first``) and those of the verb's
    later subjects: the parser sometimes gives a verb two subjects where the
    second was conjoined to the first ("Venezuela's government and the
    opposition Unitary Platform signed")."""
    more = [
        r
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass") and c.i > first.i
        for r in expand(doc, c)
    ]
    return found + [r for r in dict.fromkeys(more) if r not in found]


def who_antecedent(doc: Document, head, found: list) -> list:
    """The actors a relative "who" stands for, given those of the noun it hangs
    on: in "X, a former president of Nigeria who led the mediation" that noun
    is a title in apposition to X, and "who" is X, not the state it names."""
    if any(r[0] == "person" for r in found) or head.dep_ != "appos":
        return found
    people = [r for r in expand(doc, head.head) if r[0] == "person"]
    return people or found


def expand(doc: Document, tok) -> list[tuple[str, str]]:
    """Resolve a token and the tokens conjoined with it ('Qatar, Egypt and the US')."""
    out = []
    for t in [tok, *tok.conjuncts]:
        ref = resolve_named(doc, t)
        if ref is not None and ref[0] == "state":
            # "Syrian and Israeli officials", "Russian and Ukrainian delegations"
            out += [r for r in _conjoined_states(doc, t) if r not in out and r != ref]
        if ref is None and t.dep_ in ("pobj", "dobj", "nsubj", "conj", "appos"):
            # "Representatives of the SAF", "leaders from Saudi Arabia": look one level in
            for child in t.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            out.extend(expand(doc, obj))
        if ref and ref not in out:
            out.append(ref)
    return out


def _conjoined_states(doc: Document, tok) -> list[tuple[str, str]]:
    """The states of a noun's conjoined modifiers ("Syrian and Israeli"), when
    there are two or more."""
    found = [
        r
        for c in tok.children
        if c.dep_ in ("amod", "compound") and c.conjuncts
        for m in (c, *c.conjuncts)
        if (r := entity_of(doc, m)) is not None and r[0] == "state"
    ]
    return found if len(found) > 1 else []


def is_negated(tok) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return True  # "negotiated without outside mediators"
    # "did not want to meet": the negation hangs on the governing verb
    return tok.dep_ in ("xcomp", "aux") and any(c.dep_ == "neg" for c in tok.head.children)
