"""A benchmark corpus made from the articles in ``seeds/``: the same stories with
other names, numbers and dates, so that it runs anywhere and is reproducible."""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# persons in the seed articles: full name -> surname used alone later in the text
PERSONS = {
    "Antony Blinken": "Blinken",
    "Benjamin Netanyahu": "Netanyahu",
    "Isaac Herzog": "Herzog",
    "Yahya Sinwar": "Sinwar",
    "Kamala Harris": "Harris",
    "Jon Herskovitz": "Herskovitz",
}
FIRST = (
    "Maria John Amira David Elena Omar Sarah Peter Leila Thomas Nadia Michael Fatima Robert "
    "Anna Samuel Yusuf Laura Karim Helen Daniel Rania George Ingrid"
).split()
LAST = (
    "Carter Haddad Novak Lindqvist Moreau Khalil Brennan Okafor Castillo Weber Nasser "
    "Johansson Ferreira Rahman Whitfield Petrov Aziz Kowalski Duarte Mansour Hartley Saleh "
    "Vasquez Lambert"
).split()
MONTHS = "Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.".split()


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def variant(text: str, rng: random.Random) -> str:
    """One seed article with other persons, numbers and dates."""
    names = {}
    for full, last in PERSONS.items():
        first, new_last = rng.choice(FIRST), rng.choice(LAST)
        names[full] = f"{first} {new_last}"
        names[last] = new_last
    pattern = re.compile("|".join(re.escape(k) for k in sorted(names, key=len, reverse=True)))
    text = pattern.sub(lambda m: names[m.group(0)], text)
    date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", date, text)
    text = re.sub(
        r"(?<![\d-])\d{2,3}(?:,\d{3})*(?![\d-])", lambda m: f"{rng.randint(10, 999):,}", text
    )
    return re.sub(
        r"\b(?:Oct\.|Dec\.|November) \d{1,2}\b",
        lambda m: f"{rng.choice(MONTHS)} {rng.randint(1, 28)}",
        text,
    )


def make_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """Write ``n`` article files into ``folder`` (kept if already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    seeds = seed_texts()
    paths = []
    for i in range(n):
        text = variant(seeds[i % len(seeds)], rng)
        path = folder / f"bench-{i:05d}.txt"
        if not path.exists():
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def words(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
