"""Convert UniversalPetrarch's Arabic actor dictionary into marsad's actor supplement.

Input: ../shared/data/universalpetrarch_arabic/actor_dict_ar_v4.txt (Open Event Data
Alliance, MIT licence). Each entry is a phrase (words joined by "_", often lemmatised: no
article, masculine singular) followed by one or more CAMEO codes, on the same line
("حماس  [PSEREB]") or indented below with date ranges ("[IRQGOV 20101221-20140908]").

Output: src/marsad/events/data/actors_upetrarch.tsv with columns alias, name, sector,
country, kind, code. marsad loads the TSV (never the original) as a supplement to its curated
actors.yaml; curated entries win where both name a phrase.

What is kept, and how it is read:
- the code in force last (an open-ended range "-18000101" or ">date", else the latest start);
- the first three letters as an ISO 3166 alpha-3 country (pycountry), then 3-letter roles
  mapped to PLOVER sectors (CAMEO MED -> JRN, HLH -> MED, INS/SEP -> REB, NGO -> SOC,
  IMG "international militarised group" -> REB with no country, IGO kept);
- phrases with a sector (a bare country or nationality code names a place or a people, which
  the places step and the curated nisba list handle), of at least two letters, that are not
  single common nouns of a generic role (جيش، شرطة ...: the curated heads handle those),
  and that name an actor: not a weapon, place, abstract noun or adjective
  (src/marsad/events/data/actors_upetrarch_rejected.yaml: by head word or whole phrase);
- name: the phrase as written (the dictionary has no English names).

  python tools/convert_upetrarch_actors.py [--check] [--output PATH]
  (--check: report, write nothing)
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
SOURCE = SHARED / "data" / "universalpetrarch_arabic" / "actor_dict_ar_v4.txt"
OUTPUT = ROOT / "src" / "marsad" / "events" / "data" / "actors_upetrarch.tsv"
REJECTED = ROOT / "src" / "marsad" / "events" / "data" / "actors_upetrarch_rejected.yaml"

SECTOR_MAP = {"MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB", "NGO": "SOC",
              "MNC": "BUS", "IMG": "REB", "RAD": "REB", "MOD": None, "IGO": "IGO"}
PLOVER_SECTORS = {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
                  "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP",
                  "PRE", "REL", "SOC", "IGO"}
CODE = re.compile(r"\[~?([A-Z]{3,15})(?:\s+([<>]?)(\d{8})?(?:-(\d{8}))?)?\]")


def iso2(alpha3: str) -> str | None:
    import pycountry

    special = {"PSE": "PS", "KSV": "XK"}
    if alpha3 in special:
        return special[alpha3]
    country = pycountry.countries.get(alpha_3=alpha3)
    return country.alpha_2 if country else None


def read_entries(path: Path) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """(phrase, [(code, marker, start, end), ...]) in file order."""
    entries: list[tuple[str, list[tuple[str, str, str, str]]]] = []
    for raw in path.read_text("utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if raw[:1].isspace() and line.strip().startswith("["):
            if entries:
                entries[-1][1].extend(CODE.findall(line))
            continue
        head = line.split("[", 1)[0].strip()
        if not head:
            continue
        entries.append((head, CODE.findall(line)))
    return entries


def current_code(codes: list[tuple[str, str, str, str]]) -> str | None:
    if not codes:
        return None
    def key(c: tuple[str, str, str, str]) -> tuple[int, str]:
        _code, marker, start, end = c
        open_ended = end == "18000101" or marker == ">" or not (start or end)
        return (1 if open_ended else 0, start or "")
    return max(codes, key=key)[0]


def parse_code(code: str) -> tuple[str | None, str | None]:
    """(country ISO2, PLOVER sector) of a CAMEO actor code like IRQGOV, PSEREB, IMGREB, COP."""
    country = None
    rest = code
    if len(code) >= 3 and code[:3] not in PLOVER_SECTORS | set(SECTOR_MAP):
        country = iso2(code[:3])
        rest = code[3:]
    sector = None
    for i in range(0, len(rest) - 2, 3):
        part = rest[i:i + 3]
        mapped = SECTOR_MAP.get(part, part)
        if mapped in PLOVER_SECTORS:
            sector = mapped
            break
    return country, sector


ORG_WORDS = ("وكالة", "منظمة", "مجلس", "وزارة", "هيئة", "حزب", "حركة", "جبهة", "جيش", "قوات", "قوة",
             "صحيفة", "جريدة", "قناة", "مجلة", "اتحاد", "لجنة", "جامعة", "شركة", "بنك", "محكمة",
             "جمعية", "تنظيم", "جماعة", "كتائب", "سرايا", "ألوية", "لواء", "مكتب", "إدارة", "ادارة",
             "حكومة", "برلمان", "آلوكالة", "الوكالة", "المنظمة", "الحزب", "الحركة", "جهاز")


def kind_of(alias: str, sector: str) -> str:
    """outlet / group / organization for bodies (first word an organisation noun), else person."""
    first = alias.split(" ", 1)[0]
    is_body = first in ORG_WORDS or " " not in alias
    if not is_body:
        return "person"
    if sector == "JRN":
        return "outlet"
    if sector in ("REB", "PRM", "UAF", "CRM", "MIL"):
        return "group"
    return "organization"


GENERIC = {"جيش", "شرطة", "حكومة", "قوة", "قوات", "أمن", "امن", "مسلح", "رئيس", "وزير", "سفير",
           "مواطن", "شعب", "دولة", "قاعدة", "حركة", "جماعة", "منظمة", "طالب", "عامل"}


def load_rejected(path: Path = REJECTED) -> tuple[dict[str, str], dict[str, str]]:
    """(head word -> category, phrase -> category) of the entries that name no actor."""
    import yaml

    data = yaml.safe_load(path.read_text("utf-8"))

    def by_word(part: str) -> dict[str, str]:
        return {str(word): category for category, words in (data.get(part) or {}).items()
                for word in words}

    return by_word("heads"), by_word("phrases")


def convert(path: Path) -> tuple[list[dict[str, str]], collections.Counter]:
    stats: collections.Counter = collections.Counter()
    rejected_heads, rejected_phrases = load_rejected()
    out: dict[str, dict[str, str]] = {}
    for phrase, codes in read_entries(path):
        stats["entries"] += 1
        alias = phrase.replace("_", " ").strip()
        alias = re.sub(r"\s+", " ", alias)
        code = current_code(codes)
        if code is None:
            stats["no code"] += 1
            continue
        country, sector = parse_code(code)
        if sector is None:
            stats["country only (place or people)"] += 1
            continue
        if len(alias.replace(" ", "")) < 2 or alias in GENERIC:
            stats["generic or too short"] += 1
            continue
        if not re.search("[\u0600-\u06ff]", alias):
            stats["not Arabic"] += 1
            continue
        rejected = rejected_phrases.get(alias) or rejected_heads.get(alias.split(" ", 1)[0])
        if rejected:
            stats[f"no actor ({rejected})"] += 1
            continue
        kind = kind_of(alias, sector)
        out.setdefault(alias, {"alias": alias, "name": alias, "sector": sector,
                               "country": country or "", "kind": kind, "code": code})
        stats["kept"] += 1
    return list(out.values()), stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--source", type=Path, default=SOURCE)
    ap.add_argument("--output", type=Path, default=OUTPUT)
    args = ap.parse_args(argv)
    if not args.source.is_file():
        print(f"{args.source} is absent", file=sys.stderr)
        return 1
    rows, stats = convert(args.source)
    for key, value in stats.most_common():
        print(f"{key}: {value}")
    print(f"distinct aliases written: {len(rows)}")
    if args.check:
        return 0
    header = ("# Converted from UniversalPetrarch's Arabic actor dictionary (actor_dict_ar_v4.txt,\n"
              "# Open Event Data Alliance, MIT licence) by tools/convert_upetrarch_actors.py.\n"
              "# Do not edit by hand: re-run the tool. Curated actors.yaml entries win over these.\n")
    lines = ["alias\tname\tsector\tcountry\tkind\tcode"]
    for row in sorted(rows, key=lambda r: r["alias"]):
        lines.append("\t".join(row[k] for k in ("alias", "name", "sector", "country", "kind", "code")))
    args.output.write_text(header + "\n".join(lines) + "\n", "utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
