"""kg.quotes.v10: direct quotes and reported speech, with their speakers.

Quotes in straight or curly marks, split around "he said", running over
several sentences or on into the next paragraph, or partial inside a
sentence. The speaker comes from a speech verb after the quote ("...,"
Blinken said / said Guterres / he told reporters), else before it (Herzog
replied that he did not "..."), else "according to X"; a quote with no
attribution of its own continues the previous speaker's. Pronouns and
titles ("he", "the president", "the group") resolve to the entity.
Reported speech ("X said that ...") becomes an indirect statement.

v3: a verb of naming before a partial quote in its clause speaks it ("called
the agreement "a beginning, not an end"", `naming_verbs` in the lexicon); a
participle ("X opened the meeting, saying there were "two paths"") has the
subject of the clause it hangs on.
v4: a name in quotation marks after "known as", "nicknamed" and the like
(`nickname_markers`) is no statement; "the alliance", "the bloc" and the
other ``group_pronouns`` name the organization named before.
v5: "dubbed" is a verb of naming again, not a nickname marker; "the
ministry", "the department", "the office" and "the agency" no longer name
the organization named before ("the health ministry said" after the WHO).
v6: "the ministry" ("office", "department") names the last organization
named with that word ("Turkey's defence ministry said ... the ministry
said"); "he"/"she" after a sentence whose subject is a pronoun is that
pronoun's person, and after one with no person subject but one person named
("..., according to X, the group's spokeswoman") is that person; "the
crown prince" (emir, king, chancellor) names the person with that title.

v7-v10: "the Speaker" (``referring_titles``), "the government", "the country"
resolve through the shared resolver.
"""

from __future__ import annotations

from functools import cache

from kg.doc import Document, Span, Statement
from kg.stages.refer import lex, resolve, resolve_named, sent_of, sentence_span

STAGE = "kg.quotes.v10"
_OPEN = {"“": "”", '"': '"'}


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Inner spans [start, end) of quotations, paragraph by paragraph."""
    out = []
    pos = 0
    for para in text.split("\n"):
        base = pos
        pos += len(para) + 1
        i = 0
        while i < len(para):
            ch = para[i]
            if ch in _OPEN:
                close = para.find(_OPEN[ch], i + 1)
                if close == -1:  # runs on to the end of the paragraph
                    if len(para) - i > 20:
                        out.append((base + i + 1, base + len(para)))
                    break
                if close - i > 1:
                    out.append((base + i + 1, base + close))
                i = close + 1
            else:
                i += 1
    return out


@cache
def _speech_verbs() -> frozenset[str]:
    return frozenset(lex()["speech_verbs"])


def _speech_verb(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in _speech_verbs()


def _subject(doc: Document, verb, exclude: set[int]):
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i not in exclude:
            return resolve_named(doc, child) or _subtree_ref(doc, child)
    if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        return _subject(doc, verb.head, exclude)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.i != verb.i:
        return _subject(doc, verb.head, exclude)  # "X opened the meeting, saying ..."
    return None


def _subtree_ref(doc: Document, tok):
    for t in tok.subtree:
        ref = doc.token_refs.get(t.i)
        if ref and ref[0] != "place":
            return ref
    return None


def _according_to(doc: Document, toks):
    for t in toks:
        if t.lower_ != "according" or t.i + 1 >= len(doc.tokens):
            continue
        if doc.tokens[t.i + 1].lower_ == "to":
            for obj in doc.tokens[t.i + 1].children:
                if obj.dep_ == "pobj":
                    return resolve(doc, obj) or _subtree_ref(doc, obj)
    return None


def _tokens(doc: Document, start: int, end: int):
    span = doc.nlp.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _attribute(doc: Document, q: tuple[int, int], quotes: list, k: int, inside: set[int]):
    text = doc.parsed_text
    start, end = q
    para_end = text.find("\n", end)
    para_end = len(text) if para_end == -1 else para_end
    nxt = quotes[k + 1][0] - 1 if k + 1 < len(quotes) and quotes[k + 1][0] < para_end else para_end
    after = _tokens(doc, end + 1, nxt)
    closed = text[start:end].rstrip().endswith((".", "!", "?"))
    rest = text[end + 1 : nxt].lstrip()
    if closed and rest[:1].isupper():
        after = []  # '“... help.” Ukraine's ministry said ...': a new sentence, not attribution
    cut = []
    for t in after:
        if t.text in (".", "!", "?") and cut:
            break
        cut.append(t)
    for t in cut:
        if _speech_verb(t) and t.i not in inside:
            who = _subject(doc, t, inside)
            if who:
                return who, t
    who = _according_to(doc, cut)
    if who:
        return who, cut[0]
    para_start = text.rfind("\n", 0, start) + 1
    prev_end = quotes[k - 1][1] + 1 if k > 0 and quotes[k - 1][1] > para_start else para_start
    before = _tokens(doc, prev_end, start - 1)
    sent_start = doc.nlp.char_span(start, end, alignment_mode="expand")
    sent_start = sent_of(sent_start[0]).start if sent_start is not None else 0
    before = [t for t in before if t.i >= sent_start]
    for t in reversed(before):
        if (_speech_verb(t) or _names_quote(doc, t, start)) and t.i not in inside:
            who = _subject(doc, t, inside)
            if who:
                return who, t
    return None, None


def _names_quote(doc: Document, verb, start: int) -> bool:
    """'called the agreement "a beginning, not an end"': a verb of naming speaks
    the quote it governs, not one in a clause of its own ('described the
    meeting with Rubio, who promised "a new start", as useful')."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex()["naming_verbs"]:
        return False
    span = doc.nlp.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    tok = span[0]
    while tok.i != verb.i and tok.head.i != tok.i:
        if tok.dep_ in ("relcl", "ccomp", "advcl", "acl", "conj"):
            return False
        tok = tok.head
    return tok.i == verb.i


def _nickname(text: str, start: int) -> bool:
    """Whether quotation marks give a name, not words said: 'a contractor known
    as "Fat Leonard"', 'the so-called "Philadelphi corridor"'."""
    before = " ".join(text[max(0, start - 30) : start - 1].lower().split())
    return any(before.endswith(m) for m in lex()["nickname_markers"])


def run(doc: Document) -> Document:
    text = doc.parsed_text
    quotes = quote_spans(text)
    inside: set[int] = set()
    for s, e in quotes:
        span = doc.nlp.char_span(s, e, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    last_speaker, last_end = None, -1
    for k, (s, e) in enumerate(quotes):
        words = text[s:e].strip().rstrip(",").strip()
        if not words or _nickname(text, s):
            continue
        who, verb = _attribute(doc, (s, e), quotes, k, inside)
        if who is None and last_speaker is not None:
            gap = text[last_end + 1 : s - 1]
            # same paragraph (the gap is the previous quote's attribution), or the
            # next paragraph opening straight on a quote
            if "\n" not in gap or not gap.strip():
                who = last_speaker
        tok = doc.nlp.char_span(s, e, alignment_mode="expand")
        ev = (
            sentence_span(verb)
            if verb is not None
            else (sentence_span(tok[0]) if tok else Span(s, e))
        )
        doc.statements.append(Statement(words, Span(s, e), ev, who, False, STAGE))
        if who is not None:
            last_speaker, last_end = who, e
    _reported(doc, inside)
    return doc


def _reported(doc: Document, inside: set[int]) -> None:
    """'X said (that) ...' with no quotation marks: an indirect statement."""
    for tok in doc.tokens:
        if not _speech_verb(tok) or tok.i in inside:
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        if not comps:
            continue
        clause = list(comps[0].subtree)
        if any(t.i in inside for t in clause) or len(clause) < 4:
            continue
        who = _subject(doc, tok, inside)
        if who is None:
            continue
        start, end = clause[0].idx, clause[-1].idx + len(clause[-1])
        if clause[0].lower_ == "that":
            start = clause[1].idx
        doc.statements.append(
            Statement(
                doc.parsed_text[start:end], Span(start, end), sentence_span(tok), who, True, STAGE
            )
        )
