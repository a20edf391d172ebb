"""English event-type accuracy on PLOVER's gold standard records from the CAMEO manual
(../shared/reference/plover/PLOVER_GSR_CAMEO.txt: 322 example sentences, one event each).

The file was coded with PLOVER draft 0.6 and uses some older category names; they are mapped
to the current (0.8) ontology the way CAMEO2PLOVER-2021.txt maps their CAMEO roots:
  FIGHT -> ASSAULT        (CAMEO 19 "fight" and 18 "assault" are both ASSAULT now)
  DISAPPROVE -> ACCUSE    (CAMEO 11 -> ACCUSE, mode "disapprove")
  INVESTIGATE -> ACCUSE   (CAMEO 09 -> ACCUSE, mode "investigate")
  DEMAND -> REQUEST       (CAMEO 10 -> REQUEST)
The others keep their names. marsad codes ASSAULT, THREATEN, MOBILIZE, COOPERATE, CONCEDE,
ACCUSE, COERCE, PROTEST, AID and RETREAT; accuracy is measured on the records of those types:
"hit" when marsad codes at least one event of the gold type in the sentence (any modality:
the manual's examples include threats and promises), "top" when marsad's most confident event
has the gold type. Records of the types marsad does not code (AGREE, CONSULT, REJECT, REQUEST,
SANCTION, SUPPORT) are reported as the share where marsad codes some event anyway.
Records are split in halves by a hash of their id (dev: lexicons were checked on it; test:
held out).

  python benchmarks/events_plover_gsr.py [--errors N] [--json out.json]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
GSR = SHARED / "reference" / "plover" / "PLOVER_GSR_CAMEO.txt"

OLD_TO_NEW = {"FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
              "DEMAND": "REQUEST"}
CODED = {"ASSAULT", "THREATEN", "MOBILIZE", "COOPERATE", "CONCEDE", "ACCUSE", "COERCE",
         "PROTEST", "AID", "RETREAT"}


def split_of(key: str) -> str:
    return "dev" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "test"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if not GSR.is_file():
        print(f"{GSR} is absent", file=sys.stderr)
        return 1
    from marsad.text.pipeline import analyse

    records = [r for r in json.loads(GSR.read_text("utf-8")) if r.get("text")]
    stats = {s: collections.Counter() for s in ("dev", "test", "all")}
    per_type: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    confusion: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    errors = []
    for rec in records:
        gold = OLD_TO_NEW.get(rec["event"], rec["event"])
        doc = analyse(rec["text"], "en")
        events = doc._.events
        types = {e.type for e in events}
        top = max(events, key=lambda e: e.confidence).type if events else None
        for split in (split_of(rec["id"]), "all"):
            c = stats[split]
            if gold in CODED:
                c["coded"] += 1
                c["hit"] += gold in types
                c["top"] += top == gold
            else:
                c["uncoded"] += 1
                c["uncoded_with_event"] += bool(events)
        if gold in CODED:
            per_type[gold]["n"] += 1
            per_type[gold]["hit"] += gold in types
            confusion[gold][top or "-"] += 1
            if gold not in types and len(errors) < args.errors and split_of(rec["id"]) == "dev":
                errors.append((gold, sorted(types), rec["text"][:160]))
    result = {}
    for split, c in stats.items():
        result[split] = {
            "records_of_coded_types": c["coded"],
            "hit": round(c["hit"] / c["coded"], 3) if c["coded"] else None,
            "top": round(c["top"] / c["coded"], 3) if c["coded"] else None,
            "uncoded_types_with_some_event": f"{c['uncoded_with_event']}/{c['uncoded']}",
        }
    result["per_type_hit"] = {t: f"{v['hit']}/{v['n']}" for t, v in sorted(per_type.items())}
    result["top_confusion"] = {t: dict(v.most_common()) for t, v in sorted(confusion.items())}
    for key, value in result.items():
        print(f"{key:10} {json.dumps(value, ensure_ascii=False)}")
    for gold, types, text in errors:
        print(f"  missed {gold:10} got {types}: {text}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
