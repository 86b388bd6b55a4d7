"""kg.events.v13: meetings, visits and attacks between actors.

- meetsWith: "X met Y", "X spoke by phone with Y", "talks with leaders from
  Y", "an interview with Y", "talks between X and Y", "X shuttled between Y
  and Z", "X and Y met" (with each other); not when negated ("do not meet
  face to face").
- visits: a person travels to, arrives in or visits a place or state, or is
  placed in a city of another country ("said in Beirut") than the one they
  speak for, unless as its host.
- attacks: a verb of attack with its subject and object ("Hamas attacked
  Israel", "Russian missiles struck the port of Odesa"), or a noun ("strikes
  on Gaza", "Israeli airstrikes ... on Gaza").

v2: "X and Y met"; a host does not visit. v3: a verb's second subject, where
the parser split a conjoined pair. v4: "X and Y met" only for meet and confer,
and only when the verb names no partner ("talked by phone with Z" is with Z).
v5: "discussed the last obstacles with Z", where the parser hangs "with" on
the verb's object (not when the object is a deal or takes "with" itself: "the
deal with Iran", "the war with Russia", "ties with China");
"who" after a title in apposition is the person ("X, a former president of
Nigeria who met Y"); the state of "Russian Kalibr cruise missiles",
where the parser hangs the demonym on the compound.
v6: "X said after meeting Y": the clause's subject meets; who hosts someone
meets them, and the guest visits where they are hosted ("hosted Y in
Athens"); who is sent somewhere visits it ("sent its minister, Y, to
Geneva"); what is done in, during or over a call or meeting is a meeting
("thanked X and Y in separate phone calls").

v7-v13: who brings two people together meets both, and they meet; "launched
an offensive to seize X" attacks X; those by whom a text was negotiated met
(not two of one side); the shared resolver's "the government", "the country".
"""

from __future__ import annotations

from itertools import combinations

from kg.doc import Document
from kg.gazetteer import gazetteer
from kg.stages.refer import (
    expand,
    is_negated,
    lex,
    more_subjects,
    resolve,
    sentence_span,
    who_antecedent,
)

STAGE = "kg.events.v13"
_ACTOR = ("person", "org", "state")


def _subjects(doc: Document, verb) -> list:
    for c in verb.children:
        if (
            c.dep_ in ("nsubj", "nsubjpass")
            and c.lower_ in ("who", "which", "that")
            and verb.dep_ == "relcl"
        ):
            found = expand(doc, verb.head)
            return who_antecedent(doc, verb.head, found) if c.lower_ == "who" else found
        if c.dep_ in ("nsubj", "nsubjpass"):
            found = expand(doc, c)
            if not found and c.dep_ == "nsubj":
                found = _poss_refs(doc, c)
            return more_subjects(doc, verb, c, found)
    if verb.dep_ == "relcl":
        return expand(doc, verb.head)
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subjects(doc, verb.head)
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.i != verb.head.i:
        return _subjects(doc, verb.head.head)  # "X said after meeting Y"
    return []


def _poss_refs(doc: Document, tok) -> list:
    """ "Blinken's visit" -> Blinken; "Russian missiles" -> Russia."""
    out = []
    for c in tok.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod"):
            ref = resolve(doc, c) or _demonym(doc, c)
            if ref:
                out.append(ref)
    return out


def _demonym(doc: Document, tok):
    from kg.stages.refer import entity_of

    return entity_of(doc, tok)


def _refs_in(doc: Document, tok) -> list:
    """The actors named inside a phrase the parser built oddly ('with Israeli Prime
    Minister Netanyahu and Lebanon's caretaker prime minister, Najib Mikati'):
    its people if it names any, else its states and organizations."""
    refs = []
    for t in tok.subtree:
        r = doc.token_refs.get(t.i)
        if r and r[0] != "place" and r not in refs:
            refs.append(r)
    people = [r for r in refs if r[0] == "person"]
    return people or refs


def _with_objects(doc: Document, tok, preps=("with",), depth: int = 0) -> list:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "conj") and c.lower_ in preps:  # "...and then with Biden"
            for prep in [c, *(x for x in c.conjuncts if x.lower_ in preps)]:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        out.extend(expand(doc, obj) or _refs_in(doc, obj))
        elif c.dep_ == "prep" and depth == 0 and c.lower_ in ("by", "over", "via", "on"):
            for obj in c.children:  # "spoke by phone with X"
                if obj.dep_ == "pobj":
                    out.extend(_with_objects(doc, obj, preps, depth + 1))
        if c.dep_ in ("dobj", "npadvmod") and c.lemma_ in lex()["meeting_nouns"]:
            out.extend(_with_objects(doc, c, preps))
    return out


_RECIPROCAL = {"meet", "confer"}  # "A and B met": with each other


def _meetings(doc: Document) -> None:
    lx = lex()
    verbs, nouns = set(lx["meeting_verbs"]), set(lx["meeting_nouns"])
    topic_verbs = set(lx["meeting_topic_verbs"])
    deals = set(lx["agreement_nouns"])
    with_nouns = set(lx["with_complement_nouns"])  # "the war with Russia", "ties with China"
    in_calls = _in_calls(doc, nouns)
    for tok in doc.tokens:
        ev = None
        pairs = []
        if tok.pos_ == "VERB" and tok.lemma_ in verbs and not is_negated(tok):
            subs = _subjects(doc, tok)
            partners = _with_objects(doc, tok)
            if tok.lemma_ in ("meet", "greet", "receive", "interview", "call", "phone", "host"):
                for c in tok.children:
                    if c.dep_ == "dobj":
                        partners.extend(expand(doc, c))
            if not partners and tok.lemma_ in topic_verbs:
                # "discussed the last obstacles with Biden": the parser hangs
                # "with" on the topic, not on the verb
                # ("the deal with Iran" names the deal, not a partner)
                for c in tok.children:
                    if c.dep_ == "dobj" and c.lemma_ not in deals | with_nouns:
                        partners.extend(_with_objects(doc, c))
            pairs = [(a, b) for a in subs for b in partners]
            # every person named in the agent phrase ("ministers, A of Armenia and B ...")
            agents = (
                _people_in(doc, [c for c in tok.children if c.dep_ == "agent"])
                if tok.lemma_ in topic_verbs
                else []
            )
            if len(agents) >= 2:
                # "The text was negotiated ... by the two foreign ministers, A of
                # Armenia and B of Azerbaijan": they met each other (not two envoys
                # of one side: "by U.S. envoys A and B")
                pairs += [
                    (a, b)
                    for a, b in combinations(agents, 2)
                    if doc.affiliations.get(a) != doc.affiliations.get(b)
                ]
            if (
                not partners
                and tok.lemma_ in _RECIPROCAL
                and not any(
                    c.dep_ == "dobj"
                    or (c.dep_ == "prep" and c.lower_ in ("with", "to", "through", "via"))
                    for c in tok.children
                )
            ):  # "Mirzoyan and his counterpart, Bayramov, met in Arlington": each other
                pairs = [(a, b) for k, a in enumerate(subs) for b in subs[k + 1 :]]
            ev = sentence_span(tok)
        elif (
            tok.pos_ == "VERB"
            and tok.lemma_ in ("hold", "have", "open", "resume")
            and any(c.dep_ == "dobj" and c.lemma_ in nouns for c in tok.children)
            and not is_negated(tok)
        ):
            subs = _subjects(doc, tok)  # "Iran and the United States held talks"
            partners = [p for c in tok.children if c.dep_ == "dobj" for p in _with_objects(doc, c)]
            pairs = [(a, b) for a in subs for b in partners] or [
                (a, b) for k, a in enumerate(subs) for b in subs[k + 1 :]
            ]
            ev = sentence_span(tok)
        elif tok.pos_ == "VERB" and tok.i in in_calls and not is_negated(tok):
            # "thanked the emir and Erdogan in separate phone calls"
            subs = _subjects(doc, tok)
            partners = [
                p
                for c in tok.children
                # the parser may hang a second object on the verb ("thanked X, and Y")
                if c.dep_ == "dobj" or (c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN"))
                for x in (c, *c.conjuncts)
                for p in expand(doc, x) + _appositives(doc, x)
            ]
            people = [p for p in partners if p[0] == "person"]
            pairs = [(a, b) for a in subs for b in people or partners]
            ev = sentence_span(tok)
        elif (
            tok.pos_ == "VERB"
            and tok.lemma_ == "bring"
            and any(c.lower_ == "together" for c in tok.children)
            and not is_negated(tok)
            and tok.dep_ != "xcomp"  # "tried to bring them together": not (yet) so
        ):
            # "X brought together President A and leader B for three hours": X met
            # each, and they met each other
            subs = _subjects(doc, tok)
            # every person in the object ("A and Turkish Cypriot leader B", which
            # the parser splits every which way)
            met = _people_in(doc, [c for c in tok.children if c.dep_ == "dobj"])
            pairs = [(a, b) for a in subs for b in met]
            pairs += list(combinations(met, 2))
            ev = sentence_span(tok)
        elif tok.pos_ == "VERB" and tok.lemma_ == "shuttle":
            subs = _subjects(doc, tok)
            partners = _with_objects(doc, tok, ("between",))
            pairs = [(a, b) for a in subs for b in partners]
            ev = sentence_span(tok)
        elif tok.lemma_ in nouns and tok.pos_ == "NOUN":
            between = _with_objects(doc, tok, ("between",))
            if len(between) >= 2:
                pairs = [(between[0], b) for b in between[1:]]
            partners = _with_objects(doc, tok)
            if partners:
                subs = _poss_refs(doc, tok)
                head = tok.head
                while not subs and head.pos_ in ("VERB", "AUX", "NOUN") and head.i != head.head.i:
                    subs = (
                        _subjects(doc, head)
                        if head.pos_ in ("VERB", "AUX")
                        else _poss_refs(doc, head)
                    )
                    if subs or head.dep_ in ("ROOT",):
                        break
                    head = head.head
                verb = tok.head
                while verb.pos_ == "ADP" and verb.head.i != verb.i:
                    verb = verb.head  # "went on to Israel for talks with ..."
                if not subs and verb.pos_ in ("VERB", "AUX"):
                    subs = _subjects(doc, verb)
                if tok.head.lemma_ == "have" or not is_negated(tok.head):
                    pairs += [(a, b) for a in subs for b in partners]
            ev = sentence_span(tok)
        for a, b in pairs:
            if a != b and a[0] in _ACTOR and b[0] in _ACTOR:
                doc.relate(a, "meetsWith", b, ev, STAGE)


def _people_in(doc: Document, phrases: list) -> list:
    """The persons named anywhere in these phrases, in order, once each."""
    return list(
        dict.fromkeys(
            r
            for c in phrases
            for t in c.subtree
            if (r := doc.token_refs.get(t.i)) and r[0] == "person"
        )
    )


def _in_calls(doc: Document, nouns: set[str]) -> set[int]:
    """The verbs done in, during or over a call or meeting ("told him in a phone
    call", "thanked them during the meeting"), found from the nouns: once per
    article, not per verb."""
    return {
        t.head.head.i
        for t in doc.tokens
        if t.dep_ == "pobj"
        and t.lemma_ in nouns
        and t.head.dep_ == "prep"
        and t.head.lower_ in ("in", "during", "over")
    }


def _clause_preps(verb, depth: int = 3) -> list:
    """'in' phrases of a verb's own clause, also under its objects and adjuncts
    ('told reporters at a briefing Wednesday night in Tel Aviv')."""
    out, todo = [], [(verb, 0)]
    while todo:
        tok, d = todo.pop()
        for c in tok.children:
            if c.pos_ in ("VERB", "AUX") or c.dep_ in ("ccomp", "advcl", "relcl", "conj"):
                continue  # another clause
            if c.dep_ == "prep" and c.lower_ == "in":
                out.append(c)
            if d < depth:
                todo.append((c, d + 1))
    return out


def _abroad(doc: Document, person, place_ref) -> bool:
    """Whether a place is away from home for a person: a city of another country
    than the state they speak for, or any city for an international official."""
    place = doc.entities.get(place_ref)
    home = doc.affiliations.get(person)
    if place is None or home is None:
        return False
    if home[0] == "org":
        body = doc.entities.get(home)
        return body is not None and body.cls == "InternationalOrganization"
    return home[0] == "state" and place.country is not None and home[1] != place.country


def _visits(doc: Document) -> None:
    lx = lex()
    gz = gazetteer()
    verbs, nouns = set(lx["visit_verbs"]), set(lx["visit_nouns"])
    hosts = set(lx["host_verbs"])
    for tok in doc.tokens:
        if tok.pos_ == "VERB" and not is_negated(tok):
            _guests(doc, tok, hosts)
            subs = [s for s in _subjects(doc, tok) if s[0] == "person"]
            if not subs:
                continue
            targets = []
            if tok.lemma_ in verbs:
                for c in tok.children:
                    if c.dep_ == "dobj" and tok.lemma_ == "visit":
                        targets += expand(doc, c)
                    if c.dep_ == "prep" and c.lower_ in ("to", "in", "into"):
                        for obj in c.children:
                            if obj.dep_ == "pobj":
                                targets += expand(doc, obj)
            # "said in Beirut", "a briefing in Tel Aviv"; a host is at home, not visiting
            for c in _clause_preps(tok) if tok.lemma_ not in hosts else ():
                for obj in c.children:
                    ref = resolve(doc, obj) if obj.dep_ == "pobj" else None
                    if ref and ref[0] == "place":
                        targets.append(("abroad?", ref))
            for person in subs:
                for t in targets:
                    if t[0] == "abroad?":
                        if not _abroad(doc, person, t[1]):
                            continue
                        t = t[1]
                    if t[0] in ("place", "state"):
                        doc.relate(person, "visits", t, sentence_span(tok), STAGE)
        elif tok.lemma_ in nouns and tok.pos_ == "NOUN":
            subs = [s for s in _poss_refs(doc, tok) if s[0] == "person"]
            targets = _with_objects(doc, tok, ("to",))
            for person in subs:
                for t in targets:
                    if t[0] in ("place", "state"):
                        doc.relate(person, "visits", t, sentence_span(tok), STAGE)
    del gz


def _guests(doc: Document, tok, hosts: set[str]) -> None:
    """ "X hosted Y in Athens", "Mauritania sent its minister, Y, to Geneva": Y visits."""
    if tok.lemma_ != "send" and tok.lemma_ not in hosts:
        return
    guests = [
        p
        for c in tok.children
        if c.dep_ == "dobj"
        for p in expand(doc, c) + _appositives(doc, c)
        if p[0] == "person"
    ]
    where = ("to",) if tok.lemma_ == "send" else ("in",)
    objs = [c for c in tok.children if c.dep_ == "dobj"]  # "hosted X in Y": on X, at times
    places = [
        r
        for c in (c for head in (tok, *objs) for c in head.children)
        if c.dep_ in ("prep", "dative") and c.lower_ in where
        for o in c.children
        if o.dep_ == "pobj"
        for r in expand(doc, o)
        if r[0] in ("place", "state")
    ]
    for g in guests:
        for place in places:
            doc.relate(g, "visits", place, sentence_span(tok), STAGE)


def _appositives(doc: Document, tok) -> list:
    return [r for c in tok.children if c.dep_ == "appos" for r in expand(doc, c)]


def _attack_targets(doc: Document, tok) -> list:
    out = []
    for c in tok.children:
        if c.dep_ == "dobj":
            found = expand(doc, c)
            if not found:  # "the port of Odesa", "bases of the ENDF", "RSF positions"
                found = _with_objects(doc, c, ("of", "in", "on")) or _poss_refs(doc, c)
            out += found
        if c.dep_ == "prep" and c.lower_ in ("at", "on", "against", "in"):
            for obj in c.children:
                if obj.dep_ == "pobj":
                    found = expand(doc, obj) or _poss_refs(doc, obj)
                    out += found
    return out


def _attackers(doc: Document, tok) -> list:
    for c in tok.children:
        if c.dep_ == "nsubj":
            found = expand(doc, c)
            return found or _poss_refs(doc, c)
        if c.dep_ == "agent":
            for obj in c.children:
                if obj.dep_ == "pobj":
                    return expand(doc, obj) or _poss_refs(doc, obj)
    if tok.dep_ in ("conj", "advcl", "relcl") and tok.head.i != tok.i:
        if tok.dep_ == "relcl":
            return expand(doc, tok.head)
        return _attackers(doc, tok.head)
    noun = tok.head
    if tok.dep_ == "acl" and noun.lemma_ in lex()["attack_nouns"] and noun.head.pos_ == "VERB":
        # "launched an offensive to seize Tripoli": who launched it
        return _poss_refs(doc, noun) or _attackers(doc, noun.head)
    return []


def _attacks(doc: Document) -> None:
    lx = lex()
    verbs, nouns = set(lx["attack_verbs"]), set(lx["attack_nouns"])
    for tok in doc.tokens:
        pairs = []
        if tok.pos_ == "VERB" and tok.lemma_ in verbs and not is_negated(tok):
            if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children):
                targets = [r for c in tok.children if c.dep_ == "nsubjpass" for r in expand(doc, c)]
                attackers = []
                for c in tok.children:
                    if c.dep_ == "agent":
                        for obj in c.children:
                            attackers += expand(doc, obj) + _poss_refs(doc, obj)
            else:
                attackers, targets = _attackers(doc, tok), _attack_targets(doc, tok)
            pairs = [(a, t) for a in attackers for t in targets]
        elif tok.lemma_ in nouns and tok.pos_ == "NOUN" and tok.lemma_ not in ("forces", "troops"):
            attackers = _poss_refs(doc, tok)
            targets = []
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("on", "against", "at"):
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            targets += expand(doc, obj)
            if not attackers and targets and tok.head.pos_ == "VERB":
                attackers = _attackers(doc, tok.head)
            pairs = [(a, t) for a in attackers for t in targets]
        for a, t in pairs:
            if a != t and a[0] in _ACTOR and t[0] in ("org", "state", "place", "person"):
                doc.relate(a, "attacks", t, sentence_span(tok), STAGE)


def run(doc: Document) -> Document:
    _meetings(doc)
    _visits(doc)
    _attacks(doc)
    return doc
