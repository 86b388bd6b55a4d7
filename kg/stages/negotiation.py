"""kg.negotiation.v19: the negotiation an article describes, as a node, with
its mediators, parties and hosts, and the proposals and stances around it.

- mediators: "brokered by X", "X-brokered", "mediated by", "X, along with Y,
  try to broker", "chaired by", "X coordinates the talks", "X shuttled
  between", "X led the mediation", "Y's mediation", "fellow mediators, A and
  B", "Saudi and U.S. facilitators". A person who mediates brings the state
  or organization they speak for.
- hosts: "hosted by X" (hosting alone is not mediating).
- parties: "talks between X and Y", "X and Y signed / agreed to a deal",
  "X took part in the talks", "X accepted the proposal", and states or armed
  groups that propose or reject the deal while not mediating it (one that
  only welcomes or backs it is not a side).
- proposals: "X proposed / tabled / raised / set out a plan", "X's
  response", "the US proposal". Stances: supports (accept, welcome, hail,
  back, approve, agree to, stand behind, "sees space in"), rejects (reject,
  refuse, dismiss, vote against, "no real proposal", "refused to accept"), by
  the subject, with "it"/"we" in reported speech resolved to the speaker and
  "both sides" to the parties; "failed to agree" is no stance.

v3: "failed / refused / declined to" before a stance verb.
v4: a state that only welcomes or backs the deal is not a party.
v5: a verb's second subject, where the parser split a conjoined pair.
v6: who acts "in / under / through" a mediated deal is a side of it ("Russia
and Ukraine exchanged prisoners in a swap mediated by the UAE").
v7: names listed after a mediator noun and a comma where the parser made
them no appositions ("flanked by his fellow mediators, A, a former president
of Kenya, and B"); "who" after a title in apposition is the person, not the
state the title names ("X, a former president of Nigeria who led the
mediation"); a mediation that is only proposed or offered ("proposed that
the talks be mediated by X") is none; a person mediating in the name of an
international body brings that body, not their state.
An agent noun said of an actor mediates too: "X acted as a facilitator",
"named X as mediator", "X is the mediator", "X, the mediator in the talks",
"U.S.-mediated talks" (one token);
and so does who "carried messages between them" (`message_verbs`).
Who acts on something in a clause conjoined to one under a mediated deal is
a side too ("..., and Israel released prisoners").
"Chair", "sponsor", "convene" and the like mediate only talks, meetings or
deals ("who chairs the prisoner affairs committee" does not); two or more
sides that agree on a step together are parties ("the government and the
rebels agreed to exchange prisoners").
v8: who agrees or signs "after / at / during talks", or meets "for a round
of talks", is a side ("Peru and Chile agreed ..., after two days of talks");
a deal an actor calls "its own" is other talks ("the EU, which is negotiating
its own trade deal"); a "declaration" is an agreement; a word the
tokenizer split at a hyphen matches the lexicon whole ("acted as a
go-between").
v9: the talks rule of v8 takes only ``talks_party_verbs`` (agree, sign,
reach ...), meeting only "for" talks, not "after the swap", and not an envoy
of an international body; who resumes or enters talks is a side, and so is
whose delegation or side is named ("the Russian delegation"); who "brings
the two sides together" mediates.
v10: who helps make a deal mediates ("negotiated ...,
with help from envoy X"; ``help_nouns``).
v11 (from a review): only "negotiate", or a party verb acting on a deal or
talks, takes a helper as mediator ("struck targets with help from X" does
not); "resume", "enter" and "reopen" make sides only with talks as their
object (``talks_resume_verbs``; not "resumed aid flights", "trucks entered
Gaza"); only a "delegation" or a possessive's "side" in talks ("from
Hamas' side") makes its owner a side (not a "side of the border", "the
Turkish side", a "team", a "negotiator"), nor an observers' delegation, a
mediator's or a host's; "urged X to bring the two sides together" makes no
mediator.
v12: "X proposed that ..." proposes; "a proposal put forward by X and Y" is
theirs; "laid out a plan"; a stance on a side's position (``position_nouns``:
"rejected the idea", "welcomed the Saudi stance") or with a particle verb
(``reject_particle_verbs``: "ruled out") or "threw their weight behind";
"negotiated without outside mediators" names no mediator; "with X mediating";
who chairs sessions of talks ("chaired two days of closed-door sessions").

v13-v19: "the draft was tabled by X"; "X has been mediating between A and B",
"a mediation effort led by X"; an -ing mediation verb with no "with X" before
it is its subjects' verb; the shared resolver's "the government".
"""

from __future__ import annotations

import re
from functools import cache

from kg.doc import Document, Negotiation, Proposal, Span
from kg.gazetteer import gazetteer
from kg.stages.refer import (
    delegation_owners,
    ensure_state,
    entity_of,
    expand,
    is_negated,
    lex,
    more_subjects,
    resolve,
    sent_of,
    sentence_span,
    sentences,
    who_antecedent,
)

STAGE = "kg.negotiation.v19"
_SIDES = re.compile(r"\b(both|two) (sides|parties|camps|forces|delegations|warring)\b", re.I)
_GOV_CLASSES = ("State", "ArmedGroup", "Military", "PoliticalParty")


class _State:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        lx = lex()
        self.neg_nouns = set(lx["negotiation_nouns"])
        self.agree_nouns = set(lx["agreement_nouns"])
        self.prop_nouns = set(lx["proposal_nouns"])
        # talks themselves, not a deal or swap they produce, nor the mediation
        self.talk_nouns = self.neg_nouns - self.agree_nouns - {"swap", "mediation"}
        self.mediators: dict = {}
        self.parties: dict = {}
        self.hosts: dict = {}
        self.delegations: dict = {}  # owners of delegations: sides unless mediators or hosts
        self.stances: list = []  # (actor, role, proposal key, evidence)
        self.proposals: dict[str, Proposal] = {}
        self.last_proposal: list[tuple[int, str]] = []

    def add(self, bucket: dict, refs, ev: Span) -> None:
        for r in refs:
            if r and r[0] in ("person", "org", "state"):
                bucket.setdefault(r, ev)

    def proposal(self, tok, proposer=None) -> str:
        lemma = tok.lemma_.lower()
        if lemma in self.agree_nouns or lemma in self.neg_nouns:
            key, label = "agreement", _phrase(tok)
        else:
            key = f"proposal-{proposer[1]}" if proposer else "proposal"
            label = _phrase(tok)
        p = self.proposals.setdefault(key, Proposal(key, label))
        p.evidence.append(sentence_span(tok))
        self.last_proposal.append((tok.i, key))
        return key

    def proposal_before(self, i: int) -> str:
        before = [k for j, k in self.last_proposal if j < i]
        return before[-1] if before else "agreement"


def _is(tok, words: set[str]) -> bool:
    return tok.lower_ in words or tok.lemma_.lower() in words or _hyphenated(tok) in words


def _hyphenated(tok) -> str | None:
    """The whole word a token ends when the tokenizer split it at a hyphen
    ("go-between" is "go", "-", "between"), lower-cased; None otherwise.
    Found once per parse: every token is asked, in the trigger scan too."""
    words = tok.doc.user_data.get("kg.hyphenated")
    if words is None:
        words = tok.doc.user_data["kg.hyphenated"] = _hyphen_words(tok.doc)
    return words.get(tok.i)


def _hyphen_words(sp) -> dict[int, str]:
    out = {}
    for dash in (t for t in sp if t.text == "-" and not t.whitespace_):
        i = dash.i
        if 0 < i < len(sp) - 1 and not sp[i - 1].whitespace_:
            out[i + 1] = f"{sp[i - 1].lower_}-{sp[i + 1].lower_}"
    return out


def _phrase(tok) -> str:
    """The noun with its modifiers as written ('a seven-day ceasefire' -> 'seven-day ceasefire')."""
    words = [t for t in tok.doc[tok.left_edge.i : tok.i + 1] if not t.is_space]
    while words and words[0].dep_ in ("det", "predet", "punct", "cc"):
        words = words[1:]
    text = "".join(t.text_with_ws for t in words[-6:]).strip()
    return " ".join(text.split()) or tok.text


def _mods(doc: Document, tok) -> list:
    """Entities named by a noun's modifiers: 'Saudi and U.S. facilitators', "Qatar's mediation"."""
    out = []
    for c in tok.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod", "npadvmod"):
            for t in [c, *c.conjuncts]:
                ref = entity_of(doc, t) or resolve(doc, t)
                if ref and ref not in out:
                    out.append(ref)
    return out


def _subjects(doc: Document, verb, speaker_for_it: bool = True) -> list:
    pronoun = None
    for c in verb.children:
        if (
            c.dep_ in ("nsubj", "nsubjpass")
            and c.lower_ in ("who", "which", "that")
            and verb.dep_ == "relcl"
        ):
            pronoun = c.lower_
            break  # the relative clause's antecedent, below
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.lower_ in ("it", "they", "we") and speaker_for_it:
                spk = _speaker_of_clause(doc, verb)
                if spk:
                    return [spk]
            if _SIDES.search(" ".join(t.text for t in c.subtree)):
                return ["SIDES"]
            found = expand(doc, c) or _mods(doc, c)
            for a in c.children:  # "the US, along with Qatar and Egypt,"
                if a.dep_ == "prep" and a.lower_ == "along":
                    for w in a.subtree:
                        if w.dep_ == "pobj":
                            found += expand(doc, w)
            if c.lower_ == "government" and any(p.lower_ in ("his", "her") for p in c.children):
                from kg.stages.refer import person_antecedent

                person = person_antecedent(doc, c)
                if person:
                    found.append(person)
            return more_subjects(doc, verb, c, found)
    if verb.dep_ == "relcl":
        head = verb.head
        found = expand(doc, head)
        if not found:  # "Guterres and Erdogan, the two men who had brokered"
            near = _left_actor(doc, head, parentheticals=False)
            if near:
                named = [
                    t for t in sent_of(head) if t.i < head.i and doc.token_refs.get(t.i) == near[0]
                ]
                found = expand(doc, named[-1])  # the name's head token carries its conjuncts
        return who_antecedent(doc, head, found) if pronoun == "who" else found
    if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        return _subjects(doc, verb.head, speaker_for_it)
    return _left_actor(doc, verb)


def _along_with(doc: Document, verb) -> list:
    """'the US, along with Qatar and Egypt, try to broker': the companions."""
    out = []
    tok = verb
    for _ in range(3):
        together = any(c.lower_ == "together" for c in tok.children)
        for c in tok.children:
            if c.dep_ == "prep" and (
                c.lower_ in ("along", "together") or (together and c.lower_ == "with")
            ):
                out += [r for w in c.subtree if w.dep_ == "pobj" for r in expand(doc, w)]
        if tok.dep_ not in ("xcomp", "conj") or tok.head.i == tok.i:
            break
        tok = tok.head
    return out


def _left_actor(doc: Document, verb, parentheticals: bool = True) -> list:
    """A clause the parser left without subject ('as the US ... try to broker'):
    the nearest actor named before the verb in the same clause."""
    i = verb.i - 1
    skip = False
    while i >= sent_of(verb).start and verb.i - i < 12:
        tok = doc.tokens[i]
        if tok.pos_ in ("VERB",) and tok.dep_ not in ("xcomp", "aux") and tok.i != verb.head.i:
            break
        if tok.text == "," and parentheticals:
            skip = not skip  # skip a parenthetical ", along with X,"
        ref = doc.token_refs.get(tok.i)
        if ref and not skip and ref[0] in ("state", "org", "person"):
            return [ref]
        i -= 1
    return []


def _speaker_of_clause(doc: Document, verb):
    speech = set(lex()["speech_verbs"])
    tok = verb
    while tok.dep_ in ("ccomp", "xcomp", "conj", "advcl") and tok.head.i != tok.i:
        tok = tok.head
        if tok.lemma_ in speech:
            for c in tok.children:
                if c.dep_ == "nsubj":
                    return resolve(doc, c) or next(
                        (doc.token_refs[t.i] for t in c.subtree if t.i in doc.token_refs), None
                    )
    return None


def _agents(doc: Document, tok) -> list:
    out = []
    for c in tok.children:
        if c.dep_ == "agent":
            for obj in c.children:
                if obj.dep_ == "pobj":
                    out += expand(doc, obj) or _mods(doc, obj)
    return out


def _object_nouns(tok, depth: int = 0) -> list:
    out = []
    for c in tok.children:
        if c.dep_ == "xcomp" and depth == 0:  # "agreed to extend a ceasefire"
            out += _object_nouns(c, 1)
        if c.dep_ == "ccomp" and c.left_edge.lower_ == "what":  # "hailed what he called a deal"
            out += [t for t in c.subtree]
        if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative"):
            out += [t for t in c.subtree]
        if c.dep_ == "prep" and c.lower_ in ("to", "behind", "on", "in", "for"):
            out += [t for t in c.subtree]
    return out


def _at_talks(st: _State, verb, lemma: str) -> bool:
    """Whether agreeing or signing (``talks_party_verbs``) is placed at talks
    by a phrase of its clause ("after two days of talks"), or meeting is for
    them ("met in Ankara for the third round of talks"). Not "after the deal"
    or "after the swap": a deal's sides are found otherwise."""
    lx = lex()
    if lemma in lx["talks_party_verbs"]:
        preps = lx["talks_preps"]
    elif lemma == "meet":
        preps = lx["meet_for_preps"]
    else:
        return False
    talks = st.talk_nouns
    clause = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]
    for head in clause:
        for c in head.children:
            if c.dep_ != "prep" or c.lower_ not in preps:
                continue
            for obj in c.children:
                if obj.dep_ != "pobj":
                    continue
                inner = [o for p in obj.children if p.lower_ == "of" for o in p.children]
                if _is(obj, talks) or any(_is(o, talks) for o in inner):
                    return True
    return False


def _helps_make_deal(st: _State, noun) -> bool:
    """Whether "with help from X" hangs on negotiating a deal: the verb is
    "negotiate", or one of ``party_verbs`` acting on a deal or talks ("the
    agreement was negotiated ..., with help from X"; not "struck targets")."""
    prep = noun.head
    verb = prep.head
    if noun.dep_ != "pobj" or prep.lower_ != "with" or verb.pos_ != "VERB" or is_negated(verb):
        return False
    lemma = verb.lemma_.lower()
    deals = st.agree_nouns | st.neg_nouns
    acts_on_deal = any(c.dep_ in ("dobj", "nsubjpass") and _is(c, deals) for c in verb.children)
    return lemma == "negotiate" or (lemma in lex()["party_verbs"] and acts_on_deal)


def _side_in_talks(st: _State, noun) -> bool:
    """Whether "X's side" is a side in talks: not of anything but talks, and
    not a place ("on the Israeli side")."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            if not any(o.dep_ == "pobj" and _is(o, st.neg_nouns) for o in c.children):
                return False
    return not (noun.dep_ == "pobj" and noun.head.lower_ in ("on", "across", "along"))


def _brings_sides_together(verb) -> bool:
    """ "brought the two sides together", "bring Kigali and Kinshasa together"."""
    together = any(c.lower_ == "together" for c in verb.children)
    sides = [c for c in verb.children if c.dep_ == "dobj"]
    return (
        together
        and bool(sides)
        and not is_negated(verb)
        and (
            bool(_SIDES.search(" ".join(t.text for t in sides[0].subtree)))
            or bool(sides[0].conjuncts)
        )
    )


def _governing_verb(tok):
    """The clause verb a gerund hangs under ("played a role in bringing ...")."""
    head = tok
    while head.dep_ in ("pcomp", "pobj", "prep", "dobj") and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") else tok


def _international(doc: Document, ref) -> bool:
    ent = doc.entities.get(ref) if ref else None
    return ent is not None and ent.cls == "InternationalOrganization"


def _of_talks(st: _State, verb) -> bool:
    """Whether what a verb like "chair" or "sponsor" acts on, when it says,
    is talks, a meeting or a deal."""
    if verb.dep_ == "acl":
        done = [verb.head]  # "the talks chaired by X"
    else:
        done = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if verb.dep_ == "relcl" and any(t.lower_ in ("which", "that") for t in done):
            done = [verb.head]  # "the talks, which Norway chaired"
    talks = st.neg_nouns | set(lex()["meeting_nouns"]) | {"session", "sessions"}
    # "chaired two days of closed-door sessions": what the phrase is of
    done += [o for t in done for p in t.children if p.lower_ == "of" for o in p.children]
    return not done or any(_is(t, talks) for t in done)


@cache
def _positions() -> frozenset[str]:
    return frozenset(lex()["position_nouns"])


@cache
def _mediating_forms() -> frozenset[str]:
    """ "mediating", "brokering": the -ing forms of the mediation verbs."""
    return frozenset(
        (v[:-1] if v.endswith("e") else v) + "ing"
        for v in lex()["mediation_verbs"]
        if v not in lex()["mediation_verbs_of_talks"]
    )


def _with_actor_before(doc: Document, tok) -> list:
    """The actor named right before ``tok`` in a "with" phrase that holds both."""
    prev = doc.tokens[tok.i - 1] if tok.i > 0 else None
    actor = doc.token_refs.get(prev.i) if prev is not None else None
    if actor is None or actor[0] not in ("person", "org", "state"):
        return []
    start = sent_of(tok).start
    for t in doc.tokens[max(start, tok.i - 14) : tok.i]:
        if t.lower_ == "with":
            return [actor]
    return []


@cache
def _mediated_forms() -> frozenset[str]:
    """ "mediated", "brokered": the participles of the mediation verbs."""
    verbs = lex()["mediation_verbs"]
    return frozenset(v + ("d" if v.endswith("e") else "ed") for v in verbs)


def _hyphen_mediator(doc: Document, tok) -> list:
    """ "U.S.-mediated talks", "Qatari-brokered deal" written as one token."""
    head, _, tail = tok.text.rpartition("-")
    if tail.lower() not in _mediated_forms():
        return []
    gz = gazetteer()
    country = gz.country(head) or gz.demonym(head)
    if country is not None:
        return [ensure_state(doc, country.iso3)]
    org = gz.org(head)
    return [("org", org.key)] if org is not None and ("org", org.key) in doc.entities else []


def _wished(verb) -> bool:
    """The verb is what someone proposes, wants or asks for ("proposed that the
    talks be mediated by X", "offered to mediate"), not what happens."""
    return verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_ in lex()["wish_verbs"]


def _mediation(st: _State, tok) -> None:
    doc = st.doc
    lx = lex()
    lemma = tok.lemma_.lower()
    if tok.lower_ in _mediating_forms() and not (
        tok.dep_ == "ROOT" or any(c.dep_ == "aux" for c in tok.children)
    ):
        # "..., with Qatar's minister of state X mediating": parsed every which way
        # (not "The UAE has been mediating between them": a clause of its own;
        # nor "spent the day shuttling between them": no "with X" before)
        with_actor = _with_actor_before(doc, tok)
        if with_actor:
            st.add(st.mediators, with_actor, sentence_span(tok))
            return
    if tok.pos_ == "VERB" and lemma in lx["mediation_verbs"] and _wished(tok):
        return  # "Sudan proposed that the talks be mediated by X": not (yet) so
    if tok.pos_ == "VERB" and lemma in lx["mediation_verbs_of_talks"] and not _of_talks(st, tok):
        return  # "who chairs the prisoner affairs committee": not a mediator
    if tok.pos_ == "VERB" and lemma in lx["mediation_verbs"] and not is_negated(tok):
        if tok.dep_ in ("acl", "amod") or any(c.dep_ in ("auxpass", "agent") for c in tok.children):
            st.add(st.mediators, _agents(doc, tok), sentence_span(tok))
            if tok.i > 1 and doc.tokens[tok.i - 1].text == "-":  # "African Union-brokered"
                st.add(st.mediators, [entity_of(doc, doc.tokens[tok.i - 2])], sentence_span(tok))
        else:
            st.add(
                st.mediators,
                _actors(_subjects(doc, tok, False)),
                sentence_span(tok),
            )
            st.add(st.mediators, _along_with(doc, tok), sentence_span(tok))
    elif tok.pos_ == "NOUN" and lemma in lx["help_nouns"] and _helps_make_deal(st, tok):
        # "the agreement was negotiated by the ministers, with help from envoy X"
        helpers = [
            r
            for p in tok.children
            if p.dep_ == "prep" and p.lower_ in ("from", "of")
            for o in p.children
            if o.dep_ == "pobj"
            for r in expand(doc, o)
        ]
        st.add(st.mediators, _actors(helpers), sentence_span(tok))
    elif (
        tok.pos_ == "VERB"
        and lemma == "bring"
        and not _wished(tok)
        and tok.dep_ != "xcomp"  # "urged Washington to bring ...": not (yet) so
        and _brings_sides_together(tok)
    ):
        # "the UAE played a key role in bringing the two sides together"
        st.add(
            st.mediators, _actors(_subjects(doc, _governing_verb(tok), False)), sentence_span(tok)
        )
    elif (
        tok.pos_ == "VERB"
        and lemma in lx["message_verbs"]
        and not is_negated(tok)
        and not _wished(tok)
        and any(c.dep_ == "dobj" and c.lemma_ in lx["message_nouns"] for c in tok.children)
        and any(
            p.dep_ == "prep" and p.lower_ == "between"
            for t in (tok, *tok.children)
            for p in t.children
        )
    ):  # "X carried messages between them", "relayed proposals between the sides"
        st.add(st.mediators, _actors(_subjects(doc, tok, False)), sentence_span(tok))
    elif tok.pos_ == "VERB" and lemma in ("lead", "head") and not is_negated(tok):
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if objs and objs[0].lemma_ in ("mediation", "mediator"):
            st.add(st.mediators, _subjects(doc, tok, False), sentence_span(tok))
            st.add(st.mediators, _mods(doc, objs[0]), sentence_span(tok))
        if any(c.dep_ == "auxpass" for c in tok.children) or tok.dep_ == "acl":
            if tok.head.lemma_ in ("talk", "talks", "negotiation", "mediation", "process") or any(
                _is(c, set(lx["mediation_nouns"])) and c.dep_ in ("compound", "amod")
                for c in tok.head.children
            ):  # "a parallel mediation effort led by X"
                st.add(st.mediators, _agents(doc, tok), sentence_span(tok))
    elif tok.pos_ == "VERB" and lemma in lx["host_verbs"]:
        if any(c.dep_ in ("auxpass", "agent") for c in tok.children) or tok.dep_ == "acl":
            st.add(st.hosts, _agents(doc, tok), sentence_span(tok))
        elif any(_is(o, st.neg_nouns) for o in _object_nouns(tok)):  # "Egypt hosted the talks"
            st.add(
                st.hosts,
                _actors(_subjects(doc, tok, False)),
                sentence_span(tok),
            )
    elif tok.pos_ == "NOUN" and _is(tok, set(lx["mediation_nouns"])) and not is_negated(tok):
        st.add(
            st.mediators,
            _mods(doc, tok)
            if lemma != "mediation" or tok.head.lemma_ not in ("lead", "head")
            else [],
            sentence_span(tok),
        )
        for c in tok.children:
            if c.dep_ == "appos":
                st.add(st.mediators, expand(doc, c), sentence_span(tok))
        st.add(st.mediators, _listed_after(doc, tok), sentence_span(tok))
        if lemma != "mediation":
            st.add(st.mediators, _who_is(doc, tok), sentence_span(tok))
        nxt = doc.tokens[tok.i + 1] if tok.i + 1 < len(doc.nlp) else None
        if nxt is not None and nxt.lower_ == "by" and nxt.dep_ in ("prep", "agent"):
            # "after mediation by the UAE" (the parser may hang "by" on the verb)
            objs = [o for o in nxt.children if o.dep_ == "pobj"]
            st.add(st.mediators, [r for o in objs for r in expand(doc, o)], sentence_span(tok))


def _actors(subjects: list) -> list:
    """Subjects without the "both sides" marker."""
    return [s for s in subjects if s != "SIDES"]


def _who_is(doc: Document, noun) -> list:
    """The actor an agent noun ("facilitator") is said of: "X acted / served as
    a facilitator", "they named X as mediator" (the object, when there is one),
    "X is the mediator", "X, the mediator in the talks". Not "is not an honest
    broker", "rejected X as mediator", "offered to act as mediator", "a
    veteran power broker"."""
    if any(c.dep_ == "compound" and c.lower_ == "power" for c in noun.children):
        return []
    head = noun.head
    lx = lex()
    if noun.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ in ("VERB", "AUX"):
        verb = head.head
        if is_negated(verb) or _wished(verb) or verb.lemma_ in lx["reject_verbs"]:
            return []
        objects = [r for c in verb.children if c.dep_ == "dobj" for r in expand(doc, c)]
        if objects or any(c.dep_ == "dobj" for c in verb.children):
            return objects
        return _actors(_subjects(doc, verb, False))
    if noun.dep_ == "attr" and head.lemma_ == "be":
        return [] if is_negated(head) or _wished(head) else _actors(_subjects(doc, head, False))
    if noun.dep_ == "appos":
        return expand(doc, head)
    return []


def _listed_after(doc: Document, noun) -> list:
    """ "his fellow mediators, Uhuru Kenyatta, a former president of Kenya, and
    Phumzile Mlambo-Ngcuka": the name right after the comma and those conjoined
    with it, when the parser did not make them appositions. Not a clause's
    subject ("According to the mediators, Israel agreed") and only a name that
    ends at a comma or "and"."""
    toks = doc.tokens
    i = noun.i + 2
    if i >= len(toks) or toks[noun.i + 1].text != ",":
        return []
    ref = doc.token_refs.get(i)
    if ref is None or ref[0] == "place":
        return []
    end = i
    while end + 1 < len(toks) and doc.token_refs.get(end + 1) == ref:
        end += 1
    name = toks[end]
    after = toks[end + 1] if end + 1 < len(toks) else None
    if name.dep_ in ("nsubj", "nsubjpass", "appos") or (
        after is not None and after.text not in (",", "and", ".")
    ):
        return []
    return expand(doc, name)


def _sides(doc: Document, verb) -> list:
    """The sides a verb's subjects act for: a person signing or agreeing acts
    for the state or organization they speak for."""
    subs = _actors(_subjects(doc, verb))
    return [doc.affiliations.get(s) if s[0] == "person" else s for s in subs]


def _parties(st: _State, tok) -> None:
    doc = st.doc
    lx = lex()
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and (_is(tok, st.neg_nouns) or _is(tok, st.agree_nouns)):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                for obj in c.children:
                    if obj.dep_ == "pobj":
                        st.add(st.parties, expand(doc, obj), sentence_span(tok))
    if tok.pos_ == "VERB" and lemma in lx["party_verbs"] and not is_negated(tok):
        deals = [
            o for o in _object_nouns(tok) if _is(o, st.agree_nouns | st.neg_nouns | st.prop_nouns)
        ]
        # "the EU, which is negotiating its own trade deal": other talks
        if deals and not any(c.lower_ == "own" for o in deals for c in o.children):
            st.add(st.parties, _sides(doc, tok), sentence_span(tok))
        elif (
            not deals
            and lemma == "agree"
            and any(c.dep_ == "xcomp" and c.lemma_ in lx["deal_steps"] for c in tok.children)
        ):
            # "the government and the rebels agreed to exchange prisoners": two
            # or more sides agreeing together on a step of a deal (not "to impose
            # sanctions on Iran", "to meet in Budapest") are parties to it
            sides = [s for s in dict.fromkeys(_sides(doc, tok)) if s is not None]
            if len(sides) >= 2:
                st.add(st.parties, sides, sentence_span(tok))
    if (
        tok.pos_ == "VERB"
        and lemma in lx["talks_resume_verbs"]
        and not is_negated(tok)
        and any(c.dep_ == "dobj" and _is(c, st.talk_nouns) for c in tok.children)
    ):  # "the government and the rebels resumed talks"
        st.add(st.parties, _sides(doc, tok), sentence_span(tok))
    if tok.pos_ == "VERB" and not is_negated(tok) and _at_talks(st, tok, lemma):
        # "Iran and the US agreed ... after talks in Oman", "X and Y met in Ankara
        # for a third round of talks": who agrees, or meets, at the talks is a
        # side; not an envoy of an international body ("the U.N. envoy met
        # Houthi officials for talks")
        sides = [s for s in _sides(doc, tok) if not _international(doc, s)]
        st.add(st.parties, sides, sentence_span(tok))
    prep = tok.head
    if (
        tok.dep_ == "pobj"
        and (_is(tok, st.neg_nouns) or _is(tok, st.agree_nouns))
        and prep.lower_ in ("in", "under", "through")
        and prep.head.pos_ == "VERB"
        and not is_negated(prep.head)
        and any(t.lemma_.lower() in lx["mediation_verbs"] for t in tok.subtree)
    ):
        # "Russia and Ukraine exchanged prisoners in a swap mediated by the UAE":
        # who acts under a mediated deal is a side of it, and so is who acts on
        # something in a conjoined clause ("..., and Israel released prisoners";
        # not "..., and Peru said it was pleased")
        acts = [v for v in prep.head.conjuncts if any(c.dep_ == "dobj" for c in v.children)]
        for verb in (prep.head, *acts):
            st.add(st.parties, _sides(doc, verb), sentence_span(tok))
    if tok.pos_ == "NOUN" and lemma in lx["party_delegation_nouns"]:
        # "the Russian delegation": whose delegation is at the talks is a side of
        # them (not an observer's; a mediator's or host's is dropped with them)
        owners = delegation_owners(doc, tok)
        if len(owners) == 1 and not any(t.lemma_ == "observer" for t in sent_of(tok)):
            st.add(st.delegations, owners, sentence_span(tok))
    if tok.pos_ == "NOUN" and lemma == "side" and _side_in_talks(st, tok):
        # "no proposal that is viable from Hamas' side", "Lebanon's side of the
        # negotiations"; not "the Egyptian side of the border", "on the X side"
        owners = [r for c in tok.children if c.dep_ == "poss" for r in [entity_of(doc, c)] if r]
        st.add(st.delegations, [r for r in owners if r[0] in ("state", "org")], sentence_span(tok))
    if tok.pos_ == "VERB" and lemma == "take" and any(c.lower_ == "part" for c in tok.children):
        st.add(st.parties, _subjects(doc, tok), sentence_span(tok))
    if tok.pos_ == "VERB" and lemma in lx["propose_verbs"]:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "before":
                for obj in c.children:
                    st.add(st.parties, expand(doc, obj), sentence_span(tok))


def _proposals(st: _State, tok) -> None:
    doc = st.doc
    lx = lex()
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma in st.prop_nouns:
        if any(c.lower_ in ("no", "any") for c in tok.children) or is_negated(tok.head):
            return
        authors = _mods(doc, tok)
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "from":
                authors += [r for o in c.children for r in expand(doc, o)]
        authors = [a for a in authors if a[0] in ("person", "org", "state")]
        key = st.proposal(tok, authors[0] if authors else None)
        for a in authors:
            st.stances.append((a, "proposes", key, sentence_span(tok)))
    if tok.pos_ == "VERB" and lemma in lx["propose_verbs"] and not is_negated(tok):
        heads = []
        passive = False
        for c in tok.children:  # the object itself, or inside "what it called a final text"
            if c.dep_ in ("dobj", "dative"):
                heads += [c, *c.conjuncts] if c.lower_ != "what" else list(c.subtree)
            if c.dep_ == "nsubjpass" and tok.dep_ not in ("relcl", "acl"):
                heads.append(c)  # "The draft was tabled on Tuesday by X"
                passive = True
        nouns = [
            t
            for t in heads
            if t.lemma_.lower() in st.prop_nouns
            or (lemma == "propose" and t.lemma_.lower() in st.agree_nouns)
        ]
        if tok.dep_ in ("relcl", "acl") and (tok.head.lemma_.lower() in st.prop_nouns):
            nouns.append(tok.head)  # "a plan that Biden set out"
        if not nouns and lemma == "propose" and any(c.dep_ == "ccomp" for c in tok.children):
            nouns.append(tok)  # "Greece proposed that the two refer the dispute to the court"
        if not nouns:
            return
        subs = _actors(_agents(doc, tok) if passive else _subjects(doc, tok, False))
        if tok.dep_ in ("relcl", "acl"):
            subs = (
                [r for c in tok.children if c.dep_ == "nsubj" for r in expand(doc, c)]
                or [
                    r  # "a proposal put forward by Britain and France"
                    for c in tok.children
                    if c.dep_ == "agent"
                    for o in c.children
                    if o.dep_ == "pobj"
                    for r in expand(doc, o)
                ]
                or subs
            )
        key = st.proposal(nouns[0], subs[0] if subs else None)
        for s in subs:
            st.stances.append((s, "proposes", key, sentence_span(tok)))


@cache
def _triggers() -> frozenset[str]:
    """Every word (form or lemma) that one of the per-token rules starts from."""
    lx = lex()
    words = {
        "lead",
        "head",
        "take",
        "meet",
        "bring",
        "side",
    }  # the rules' own words, besides the lexicon's
    for k in (
        "mediation_verbs",
        "message_verbs",
        "mediation_nouns",
        "host_verbs",
        "party_verbs",
        "propose_verbs",
        "support_verbs",
        "reject_verbs",
        "negotiation_nouns",
        "party_delegation_nouns",
        "talks_resume_verbs",
        "help_nouns",
        "agreement_nouns",
        "proposal_nouns",
    ):
        words.update(lx[k])
    words.update(v.split()[0] for v in lx["reject_particle_verbs"])
    words.update(_mediating_forms())
    return frozenset(words) | _phrase_starts()


@cache
def _phrase_starts() -> frozenset[str]:
    lx = lex()
    return frozenset(p.split()[0] for p in lx["support_phrases"] + lx["reject_phrases"])


def _stances(st: _State, tok) -> None:
    doc = st.doc
    lx = lex()
    lemma = tok.lemma_.lower()
    role = None
    if tok.pos_ == "VERB" and lemma in lx["support_verbs"]:
        role = "supports"
    elif tok.pos_ == "VERB" and lemma in lx["reject_verbs"]:
        role = "rejects"
    elif tok.pos_ == "VERB" and any(
        f"{lemma} {c.lower_}" in lx["reject_particle_verbs"]
        for c in tok.children
        if c.dep_ == "prt"
    ):
        role = "rejects"  # "his office ruled out the Saudi condition"
    if tok.lower_ in _phrase_starts():
        window = " ".join(t.lower_ for t in doc.nlp[tok.i : tok.i + 4])
        if any(window.startswith(p) for p in lx["support_phrases"]):
            role = "supports"
        if any(window.startswith(p) for p in lx["reject_phrases"]):
            role = "rejects"
    else:
        window = tok.lower_
    if role is None or is_negated(tok):
        return
    if tok.dep_ == "xcomp" and tok.head.lemma_ in ("fail", "refuse", "decline"):
        if tok.head.lemma_ == "fail" or role == "rejects":
            return  # "failed to agree" is not a stance; "refused to reject" is unclear
        role = "rejects"  # "refused to accept the plan"
    objs = _object_nouns(tok)
    if tok.pos_ == "NOUN":  # "threw their weight behind the plan": the verb's phrase
        objs += _object_nouns(tok.head)
    positions = _positions()  # "rejected the idea", "welcomed the Saudi stance"
    nouns = [
        t
        for t in objs
        if _is(t, st.agree_nouns | st.prop_nouns | st.neg_nouns)
        or _is(t, positions)
        or t.lower_ in ("news", "announcement", "outcome", "result", "it", "what", "this")
    ]
    if tok.dep_ == "relcl" and _is(tok.head, st.agree_nouns | st.prop_nouns):
        nouns.append(tok.head)  # "a demand Iran rejected"
    if not nouns and not any(p in window for p in ("space", "vote")):
        return
    key = (
        st.proposal(nouns[0])
        if nouns
        and nouns[0].lower_ not in ("it", "what", "this", "news", "outcome", "result")
        and not _is(nouns[0], positions)
        else st.proposal_before(tok.i)
    )
    subs = _subjects(doc, tok)
    if tok.pos_ != "VERB":
        verb = tok.head if tok.head.pos_ == "VERB" else tok
        subs = _subjects(doc, verb)
    for s in subs:
        st.stances.append((s, role, key, sentence_span(tok)))


def _quoted_stances(st: _State) -> None:
    """Stances a speaker states in their own words ("we see space in", "no real proposal")."""
    lx = lex()
    for s in st.doc.statements:
        if s.speaker is None:
            continue
        low = s.text.lower()
        if any(p in low for p in lx["reject_phrases"]):
            st.stances.append((s.speaker, "rejects", st.proposal_before(10**9), s.evidence))
        elif any(p in low for p in lx["support_phrases"]):
            st.stances.append((s.speaker, "supports", st.proposal_before(10**9), s.evidence))


def run(doc: Document) -> Document:
    st = _State(doc)
    first = None
    triggers = _triggers()
    for tok in doc.tokens:
        if "-" in tok.text[1:-1]:
            st.add(st.mediators, _hyphen_mediator(doc, tok), sentence_span(tok))
        if (
            tok.lower_ not in triggers
            and tok.lemma_.lower() not in triggers
            and _hyphenated(tok) not in triggers
        ):
            continue  # none of the rules below looks at this word
        if first is None and tok.pos_ == "NOUN" and _is(tok, st.neg_nouns):
            first = tok
        _mediation(st, tok)
        _parties(st, tok)
        _proposals(st, tok)
        _stances(st, tok)
    _quoted_stances(st)
    if first is None and not (st.mediators or st.parties or st.hosts):
        return doc
    # people who mediate bring whom they speak for: an international body first
    # (a head of state who chairs the African Union mediates as its chair)
    for person, ev in list(st.mediators.items()):
        if person[0] != "person":
            continue
        bodies = [
            r.obj
            for r in doc.relations
            if r.pred == "speaksFor"
            and r.subj == person
            and getattr(doc.entities.get(r.obj), "cls", None) == "InternationalOrganization"
        ]
        aff = bodies[0] if bodies else doc.affiliations.get(person)
        if aff and aff[0] in ("state", "org"):
            st.mediators.setdefault(aff, ev)
    for owner, ev in st.delegations.items():
        if owner not in st.mediators and owner not in st.hosts:
            st.parties.setdefault(owner, ev)
    sides = [p for p in st.parties if p not in st.mediators]
    stances = []
    for actor, role, key, ev in st.stances:
        for a in sides if actor == "SIDES" else [actor]:
            stances.append((a, role, key, ev))
            ent = doc.entities.get(a)
            if ent and ent.cls in _GOV_CLASSES and a not in st.mediators and role != "supports":
                st.parties.setdefault(a, ev)
            aff = doc.affiliations.get(a) if a[0] == "person" else None
            aff_ent = doc.entities.get(aff) if aff else None
            if (
                aff_ent
                and aff_ent.cls in _GOV_CLASSES
                and aff not in st.mediators
                and role not in ("proposes", "supports")
            ):
                st.parties.setdefault(aff, ev)
    ev0 = (
        sentence_span(first)
        if first is not None
        else next(iter({**st.mediators, **st.parties, **st.hosts}.values()))
    )
    neg = Negotiation(
        "n1",
        _phrase(first) if first is not None else "negotiation",
        [ev0],
        topic=_topic(doc, st),
        status=_status(doc),
    )
    doc.negotiations.append(neg)
    doc.proposals.extend(st.proposals.values())
    for actor, ev in st.mediators.items():
        doc.roles.append((actor, "mediates", neg.key, ev, STAGE))
    for actor, ev in st.parties.items():
        if actor not in st.mediators:
            doc.roles.append((actor, "partyTo", neg.key, ev, STAGE))
    for actor, ev in st.hosts.items():
        if actor not in st.mediators:
            doc.roles.append((actor, "hosts", neg.key, ev, STAGE))
    seen = set()
    for actor, role, key, ev in stances:
        if actor in (None, "SIDES") or actor[0] not in ("person", "org", "state"):
            continue
        if (actor, role, key) not in seen:
            seen.add((actor, role, key))
            doc.roles.append((actor, role, key, ev, STAGE))
    return doc


def _topic(doc: Document, st: _State) -> str | None:
    """What the talks are about: in the lead, the complement of the first
    negotiation or proposal noun that has one ('talks on reviving the 2015
    nuclear deal', 'a proposal to pause fighting')."""
    sents = sentences(doc.nlp)[:3]  # the lead says what it is about
    lead = doc.tokens[: sents[-1].end] if sents else []
    for tok in lead:
        if tok.pos_ != "NOUN" or not _is(tok, st.neg_nouns | st.prop_nouns | st.agree_nouns):
            continue
        for c in tok.children:
            about = c.dep_ == "prep" and c.lower_ in ("on", "over", "about")
            aim = c.dep_ == "acl" and any(a.lower_ == "to" for a in c.children)
            if not (about or aim):
                continue
            sub = [t for t in c.subtree if not t.is_punct]
            if any(t.ent_type_ in ("DATE", "TIME") for t in sub) or sub[-1].lower_ == "table":
                continue  # "on Wednesday", "on the table"
            cut = next(
                (
                    k
                    for k, t in enumerate(sub)
                    if k and t.dep_ in ("prep", "relcl") and t.head.i < c.i + 4 and k > 4
                ),
                len(sub),
            )
            words = [t.text for t in sub[:cut]][:12]
            if len(words) >= 3:
                return " ".join(words)
    return None


@cache
def _status_words() -> re.Pattern:
    words = sorted(lex()["status_words"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")


def _status(doc: Document) -> str | None:
    """The status word said first in the article ("signed", "stalled"): one scan."""
    found = _status_words().search(doc.parsed_text.lower())
    return lex()["status_words"][found.group()] if found else None
