"""What `marsad geocode` and `marsad gazetteer build|import|info` do; `marsad.cli` only
parses arguments and calls these. Each returns the exit code (0 ok, 1 some input failed)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, TextIO


def geocode_command(names: list[str], *, lang: str | None, country: str | None,
                    near: str | None, limit: int, fmt: str, out: TextIO, err: TextIO) -> int:
    from marsad.places.resolve import resolve

    results: list[dict[str, Any]] = []
    missing = 0
    for name in names:
        candidates = resolve(name, country=country, near=near, lang=lang, limit=limit)
        if not candidates:
            missing += 1
            shown = name if len(name) <= 60 else name[:57] + "..."
            print(f"{shown!r}: no candidate", file=err)
        results.append({"query": name, "candidates": [c.to_dict() for c in candidates]})
    if fmt in ("json", "jsonl"):
        if fmt == "jsonl":
            for item in results:
                print(json.dumps(item, ensure_ascii=False), file=out)
        else:
            print(json.dumps(results, ensure_ascii=False, indent=1), file=out)
    else:
        _print_table(results, out)
    return 1 if missing else 0


_TABLE_COLUMNS = ("score", "geonameid", "name", "name_ar", "feature", "precision", "country",
                  "admin1", "lat", "lon", "population", "source")


def _print_table(results: list[dict[str, Any]], out: TextIO) -> None:
    for item in results:
        if not item["candidates"]:
            continue
        print(f"# {item['query']}", file=out)
        rows = [[_cell(c.get(k)) for k in _TABLE_COLUMNS] for c in item["candidates"]]
        extra = [" ".join(filter(None, (c.get("relation"), c.get("direction"))))
                 for c in item["candidates"]]
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(_TABLE_COLUMNS)]
        print("  ".join(h.ljust(w) for h, w in zip(_TABLE_COLUMNS, widths)), file=out)
        for row, more in zip(rows, extra):
            line = "  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip()
            print(f"{line}  {more}".rstrip(), file=out)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def build_command(from_wof: Path | None, out: TextIO) -> int:
    from marsad.places import gazetteer as gz

    if from_wof is not None:
        t0 = time.perf_counter()
        stats = gz.derive_wof_index(from_wof)
        print(f"derived {gz.WOF_INDEX} from {from_wof} in {time.perf_counter() - t0:.1f} s: "
              f"{stats}", file=out)
    t0 = time.perf_counter()
    index = gz.load_gazetteer(rebuild=True)
    gz.reset_default()
    print(f"built the gazetteer in {time.perf_counter() - t0:.1f} s: {len(index)} entries, "
          f"{index.key_count} names; cache {gz.cache_dir()}", file=out)
    return 0


def import_command(paths: list[Path], out: TextIO, err: TextIO, rebuild: bool = True) -> int:
    from marsad.places import gazetteer as gz

    failed = 0
    imported = False
    for path in paths:
        try:
            result = gz.import_file(path, rebuild=False)
        except gz.ImportError_ as exc:
            print(f"error: {exc}", file=err)
            failed += 1
            continue
        imported = True
        skipped = f", {result.skipped} lines skipped" if result.skipped else ""
        print(f"{path}: {result.entries} places ({result.kind}){skipped} -> {result.output}",
              file=out)
    if imported:
        gz.reset_default()
        if rebuild:
            index = gz.load_gazetteer()
            print(f"gazetteer rebuilt: {len(index)} entries, {index.key_count} names",
                  file=out)
    return 1 if failed else 0


def info_command(out: TextIO) -> int:
    from marsad.places import gazetteer as gz

    index = gz.default_gazetteer()
    info = dict(index.info)
    info.pop("nisba", None)
    print(json.dumps({"entries": len(index), "names": index.key_count,
                      "cache": str(gz.cache_dir()), "imports": str(gz.imports_dir()), **info},
                     ensure_ascii=False, indent=1), file=out)
    return 0
