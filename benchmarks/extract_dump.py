"""What a change to marsad changes: dump `extract()` of 11,812 real documents, compare dumps.

    python benchmarks/extract_dump.py OUT.json [--fields events,places,quantities,dates]
    python benchmarks/extract_dump.py OUT.json --compare BEFORE.json [--show N]

Documents (read from ../shared/data, nothing copied): the 600 Arabic batch articles of
`batch_data.py`, the 5,778 Arabic GSR sentences, the IDRISI LMD Arabic tweets, the CLIFF
English stories' sentences, the PLOVER GSR English sentences and the seed article, each read
as published on 2017-11-30. `--compare` prints, per field, how many documents differ, and
the places and events found only before or only after (by name and type), most frequent first;
`cmp A.json B.json` tells whether two dumps are identical (a speed-up must leave them so).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from batch_data import SHARED, articles

FIELDS = ("events", "places", "quantities", "dates")


def documents() -> list[tuple[str, str]]:
    """(language, text) of every document, in a fixed order."""
    docs = [("ar", text) for _, text in articles(600)]
    for name in ("assault", "protest"):
        with open(SHARED / "data" / "arabic_event_gsr" / f"{name}_gsr.csv", encoding="utf-8") as f:
            docs += [("ar", row["text"]) for row in csv.DictReader(f)]
    for path in sorted((SHARED / "data" / "idrisi" / "LMD" / "data" / "AR").glob("*/*.jsonl")):
        docs += [("ar", json.loads(line)["text"])
                 for line in path.read_text("utf-8").splitlines() if line.strip()]
    for path in sorted((SHARED / "data" / "cliff_english_places").glob("*.csv")):
        with open(path, encoding="utf-8") as f:
            docs += [("en", row["sentence"]) for row in csv.DictReader(f) if row.get("sentence")]
    plover = SHARED / "reference" / "plover" / "PLOVER_GSR_CAMEO.txt"
    docs += [("en", item["eventText"]) for item in json.loads(plover.read_text("utf-8"))]
    docs += [("ar", path.read_text("utf-8")) for path in sorted((SHARED / "seed").glob("*.txt"))]
    return docs


def dump(fields: list[str]) -> list[dict]:
    from marsad.document import Document
    from marsad.extract import extract

    out = []
    for n, (lang, text) in enumerate(documents()):
        record = extract(Document(id=str(n), text=text, lang=lang, published=date(2017, 11, 30)))
        out.append({k: record[k] for k in fields})
    return out


def _label(field: str, item: dict) -> str:
    if field == "places":
        return f"{item.get('text')} -> {item.get('name')} ({item.get('country')})"
    if field == "events":
        return f"{item.get('type')} {item.get('modality')}"
    return str(item.get("text"))


def compare(before: list[dict], after: list[dict], show: int) -> None:
    """Print, per field, the documents that differ and the items only one side has."""
    if len(before) != len(after):
        sys.exit(f"the dumps hold {len(before)} and {len(after)} documents: not comparable")
    for field in before[0]:
        changed, lost, gained = 0, Counter(), Counter()
        for old, new in zip(before, after, strict=True):
            if old.get(field) == new.get(field):
                continue
            changed += 1
            old_items = Counter(_label(field, i) for i in old.get(field) or [])
            new_items = Counter(_label(field, i) for i in new.get(field) or [])
            lost.update(old_items - new_items)
            gained.update(new_items - old_items)
        print(f"{field}: {changed} documents differ; {sum(lost.values())} only before, "
              f"{sum(gained.values())} only after")
        for sign, items in (("-", lost), ("+", gained)):
            for label, count in items.most_common(show):
                print(f"  {sign} {count:4d}  {label}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write this tree's dump (JSON)")
    parser.add_argument("--fields", default=",".join(FIELDS))
    parser.add_argument("--compare", type=Path, help="an earlier dump to compare with")
    parser.add_argument("--show", type=int, default=15, help="items listed per field and side")
    args = parser.parse_args(argv)
    result = dump(args.fields.split(","))
    args.out.write_text(json.dumps(result, ensure_ascii=False, sort_keys=True, default=str),
                        "utf-8")
    print(len(result), "documents dumped to", args.out)
    if args.compare:
        compare(json.loads(args.compare.read_text("utf-8")), result, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
