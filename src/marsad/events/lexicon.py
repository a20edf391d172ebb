"""Shared helpers for the event lexicons: data-file loading, inflection, phrase tokens.

The lexicons in `data/` list lemmas and phrases; this module expands them into the surface
forms documents use, so that a synonym is added by editing a data file only:

- `arabic_verb_forms("قصف/يقصف")`: perfect and imperfect conjugations, object suffixes,
  the future prefix سـ (first person marked apart: a speaker's own future attack is a threat)
  and the Egyptian/Levantine future prefixes هـ and حـ. The present-tense بـ of Egyptian and
  Levantine speech ("بيقصفوا") and و/ف/ل/ال are clitics the matcher already strips.
- `arabic_noun_forms("غارات")`: the noun, its accusative -ا, and possessive suffixes.
- `english_verb_forms("shell")`, `english_noun_forms("airstrike")`: regular inflections.

Forms are normalised (`normalize_text`) so they compare with `token.norm_`.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

import yaml
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from marsad.cache import cache_folder
from marsad.text.normalize import YAML_LOADER, is_arabic, normalize_text
from marsad.text.normalizer import doc_forms, doc_text

CACHE_VERSION = "events-1"  # bump when a lexicon class changes shape without a file changing
T = TypeVar("T")
_SIMPLE = re.compile(r"^[\w\u0600-\u06ff]+$")

# no bare ه: once ة is folded to ه, قتله/عذبه/ضربه would read like قتلة/عذبة/ضربة
OBJECT_SUFFIXES = ("ها", "هم", "هما", "هن", "نا", "كم")
POSSESSIVE_SUFFIXES = ("ه", "ها", "هم", "هما", "نا")


def load_data(name: str) -> Any:
    """Parse the YAML data file `name` shipped in `marsad/events/data/`."""
    text = files("marsad.events").joinpath("data", name).read_text("utf-8")
    return yaml.load(text, Loader=YAML_LOADER)


def data_text(name: str) -> str:
    """Raw text of a data file shipped in `marsad/events/data/`."""
    return files("marsad.events").joinpath("data", name).read_text("utf-8")


@lru_cache(maxsize=1)
def _sources_stamp() -> str:
    """A key that changes whenever a file a lexicon is built from may have changed: the data
    files and code of `marsad.events` and `marsad.text` (size and mtime), Python and spaCy."""
    import spacy

    digest = hashlib.sha256(f"{CACHE_VERSION}|{sys.version_info[:2]}|{spacy.__version__}".encode())
    for package in ("marsad.events", "marsad.text"):
        folder = Path(str(files(package)))
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".yaml", ".tsv", ".txt") and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}|"
                              .encode())
    return digest.hexdigest()[:20]


def cached_build(name: str, build: Callable[[], T]) -> T:
    """`build()` (a default lexicon), kept as a pickle in `cache_folder("events")` so a later
    process loads it instead of inflecting every entry again. The pickle is keyed on
    `_sources_stamp()`: editing a data file (or the code) rebuilds it. An unreadable or
    unwritable cache only costs the build."""
    folder = cache_folder("events")
    path = folder / f"{name}-{_sources_stamp()}.pickle"
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes many dicts; collecting halfway through only costs time
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    finally:
        if collecting:
            gc.enable()
    built = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return built


@lru_cache(maxsize=50_000)
def phrase_key(phrase: str, lang: str) -> tuple[str, ...]:
    """Normalised tokens of `phrase`, split exactly as documents are."""
    norm = normalize_text(phrase.strip())
    if _SIMPLE.match(norm):
        return (norm,)
    from marsad.text.pipeline import phrase_tokens

    return tuple(phrase_tokens(phrase, lang))


def _split_verb(spec: str) -> tuple[str, str]:
    """The past and present of "past/present" as written (present defaults to ي + past)."""
    past, _, present = spec.partition("/")
    past, present = past.strip(), present.strip()
    return past, present or "ي" + past


def _past_paradigm(past: str, present: str) -> tuple[list[str], list[str], str]:
    """Past-tense forms of a verb written "past/present", the bases that take an object
    suffix, and the 3rd person plural base before one (ألقو-ها).

    Defective verbs change their last letter: ألقى/يلقي -> ألقت، ألقوا، ألقين، ألقاها;
    لقي/يلقى -> لقيت، لقوا; دعا/يدعو -> دعت، دعوا، دعاهم. The passive أُلقي is written
    like the active once normalised."""
    norm = normalize_text(past)
    base = norm[:-1]
    if past.endswith("ى") or (past.endswith("ي") and present.endswith("ي")):
        forms = [base + s for s in ("ي", "ت", "وا", "يا", "تا", "ين", "يت", "ينا", "يتم", "يتن")]
        return forms, [base + "ا", base + "ت", base + "ينا", base + "يتم"], base + "و"
    if past.endswith("ي") and present.endswith("ى"):
        forms = [base + s for s in ("ي", "يت", "وا", "يا", "يتا", "ين", "ينا", "يتم", "يتن")]
        return forms, [base + "ي", base + "يت", base + "ينا", base + "يتم"], base + "و"
    if past.endswith("ا") and present.endswith("و"):
        forms = [base + s for s in ("ا", "ت", "وا", "تا", "ون", "وت", "ونا", "وتم", "وتن")]
        return forms, [base + "ا", base + "ت", base + "ونا", base + "وتم"], base + "و"
    forms = [norm + s for s in ("", "ت", "وا", "ن", "ا", "تا", "نا", "تم", "تن")]
    return forms, [norm, norm + "ت", norm + "نا", norm + "تم"], norm + "و"


def _present_paradigm(present: str) -> tuple[str, str, str, list[str]]:
    """The imperfect of a verb without its person prefix: (singular stem, stem before an
    object suffix, stem before a plural -ون/-وا, dual and feminine forms).

    يقصف -> قصف; defective يلقي -> لقي, لقي, لق (يلقون), لقيان...; يتلقى -> تلقي, تلقا
    (يتلقاها), تلق (يتلقون); يدعو -> دعو, دعو, دع (يدعون)."""
    stem = normalize_text(present)[1:]
    if present.endswith(("ي", "ى", "و")):
        root = stem[:-1]
        before_object = root + "ا" if present.endswith("ى") else stem
        return stem, before_object, root, [stem + "ان", stem + "ا", root + "ين"]
    return stem, stem, stem, [stem + s for s in ("ان", "ا", "ين", "ن")]


def arabic_verb_forms(spec: str, objects: bool = True) -> list[tuple[str, str]]:
    """Inflected forms of an Arabic verb given as "past/present" (3rd person masculine).

    Returns (form, tense) pairs; tense is "past", "present", "future" (3rd/2nd person) or
    "future1" (first person: سأ، سن). `objects=False` leaves out object suffixes (a reporting
    verb takes none, and أضافه would read like the noun إضافة once ة is folded to ه).
    Defective verbs (final ى، ي، و) inflect as such: ألقى/يلقي -> ألقت، ألقوا، يلقون.
    """
    past, present = _split_verb(spec)
    past_forms, object_bases, plural_base = _past_paradigm(past, present)
    stem, object_stem, plural_stem, dual_forms = _present_paradigm(present)
    suffixes = OBJECT_SUFFIXES if objects else ()
    out: list[tuple[str, str]] = [(form, "past") for form in past_forms]
    for base in object_bases:
        out.extend((base + s, "past") for s in suffixes)
    out.extend((plural_base + s, "past") for s in suffixes)

    present_forms: list[str] = []
    for prefix in ("ي", "ت", "ن", "ا"):
        present_forms.append(prefix + stem)
    for prefix in ("ي", "ت"):
        present_forms.extend(prefix + plural_stem + s for s in ("ون", "وا"))
        present_forms.extend(prefix + form for form in dual_forms)
    for form in present_forms:
        out.append((form, "present"))
    for prefix in ("ي", "ت", "ن", "ا"):
        out.extend((prefix + object_stem + s, "present") for s in suffixes)
    for prefix in ("ي", "ت"):
        out.extend((prefix + plural_stem + "ون" + s, "present") for s in suffixes)
        out.extend((prefix + plural_stem + "و" + s, "present") for s in suffixes)

    for form in present_forms:
        first_person = form[0] in "نا"
        for future in ("س", "ه", "ح"):
            out.append((future + form, "future1" if first_person else "future"))
    return out


def arabic_noun_forms(noun: str) -> list[str]:
    """A normalised Arabic noun with its accusative and possessive-suffixed forms.

    Nouns ending in ta marbuta (ه once normalised) get no suffix forms here: the matcher
    already maps غارته/غارتها back to غاره. In a phrase the head takes the possessive and
    drops its article: العمليات العسكرية -> عملياتها العسكرية.
    """
    norm = normalize_text(noun.strip())
    if " " in norm:
        head, rest = norm.split(" ", 1)
        bare = head[2:] if head.startswith("ال") and len(head) > 4 else head
        return [norm] + [f"{form} {rest}" for form in _possessives(bare)]
    forms = [norm]
    if not norm.endswith(("ه", "ا")):
        forms.append(norm + "ا")
    return forms + _possessives(norm)


def possessive_forms(noun: str) -> list[str]:
    """An Arabic noun with a possessive suffix (قواته، طائراتها), without its article."""
    norm = normalize_text(noun.strip())
    if norm.startswith("ال") and len(norm) > 4:
        norm = norm[2:]
    return _possessives(norm)


def _possessives(norm: str) -> list[str]:
    if norm.endswith("ه"):
        return []
    base = norm[:-1] if norm.endswith(("ون", "ين")) and len(norm) > 4 else norm
    return [base + s for s in POSSESSIVE_SUFFIXES]


_VOWELS = set("aeiou")


def english_verb_forms(lemma: str) -> list[str]:
    """Base, -s, -ed and -ing forms of a regular English verb (lowercase)."""
    v = lemma.lower().strip()
    if " " in v:
        head, _, rest = v.partition(" ")
        return [f"{f} {rest}" for f in english_verb_forms(head)]
    if v.endswith("e"):
        return [v, v + "s", v + "d", v[:-1] + "ing"]
    if v.endswith("y") and len(v) > 2 and v[-2] not in _VOWELS:
        return [v, v[:-1] + "ies", v[:-1] + "ied", v + "ing"]
    if v.endswith(("s", "sh", "ch", "x", "z")):
        return [v, v + "es", v + "ed", v + "ing"]
    return [v, v + "s", v + "ed", v + "ing"]


def english_noun_forms(noun: str) -> list[str]:
    """Singular and regular plural of an English noun (the last word inflects)."""
    n = noun.lower().strip()
    if n.endswith(("s", "sh", "ch", "x", "z")):
        plural = n + "es"
    elif n.endswith("y") and len(n) > 2 and n[-2] not in _VOWELS:
        plural = n[:-1] + "ies"
    else:
        plural = n + "s"
    return [n, plural]


def expand_phrases(entry: dict[str, Any], lang: str,
                   objects: bool = True) -> list[tuple[str, str | None]]:
    """All (surface form, tense) pairs of a lexicon entry for `lang`.

    An entry may give, per language, `verbs` (Arabic "past/present", English lemmas),
    `nouns` (inflected here) and `phrases` (taken as written).
    """
    block = entry.get(lang) or {}
    if isinstance(block, list):
        block = {"phrases": block}
    out: list[tuple[str, str | None]] = []
    for phrase in block.get("phrases", []) or []:
        out.append((str(phrase), None))
    for verb in block.get("verbs", []) or []:
        if lang == "ar":
            out.extend(arabic_verb_forms(str(verb), objects))
        else:
            out.extend((f, "present" if f.endswith(("s", "ing")) else "past")
                       for f in english_verb_forms(str(verb)))
    for noun in block.get("nouns", []) or []:
        if lang == "ar":
            out.extend((f, None) for f in arabic_noun_forms(str(noun)))
        else:
            out.extend((f, None) for f in english_noun_forms(str(noun)))
    return out


def languages_of(entry: dict[str, Any]) -> Iterable[str]:
    return [lang for lang in ("ar", "en") if entry.get(lang)]


def guess_lang(phrase: str) -> str:
    return "ar" if is_arabic(phrase) else "en"


def cue_forms(block: Any, lang: str) -> list[tuple[str, str | None]]:
    """Surface forms of a cue block: a list of phrases, or a dict like a trigger entry
    (verbs inflected without object suffixes)."""
    if isinstance(block, list):
        return [(str(p), None) for p in block]
    if isinstance(block, dict):
        return expand_phrases({lang: block}, lang, objects=False)
    return []


def exact_ok(text: str, exact: str) -> bool:
    """True when `text` is spelled like the case-sensitive alias `exact` (spaces ignored)."""
    return text.replace(" ", "") == exact.replace(" ", "")


_NORMS_KEY = "marsad_norm_strings"
_CHARS_KEY = "marsad_token_chars"


def doc_norms(doc: Doc) -> list[str]:
    """Every token's `norm_` (the first of its look-up forms), without making `Token`s."""
    norms = doc.user_data.get(_NORMS_KEY)
    if norms is None or len(norms) != len(doc):
        norms = doc.user_data[_NORMS_KEY] = [forms[0] for forms in doc_forms(doc)]
    return norms


def token_chars(doc: Doc) -> tuple[list[int], list[int]]:
    """The character offsets where each token starts and ends (cached on the doc)."""
    bounds = doc.user_data.get(_CHARS_KEY)
    if bounds is None or len(bounds[0]) != len(doc):
        if len(doc):
            idx, length = doc.to_array([IDX, LENGTH]).T
            bounds = (idx.tolist(), (idx + length).tolist())
        else:
            bounds = ([], [])
        doc.user_data[_CHARS_KEY] = bounds
    return bounds


def span_chars(doc: Doc, start: int, end: int) -> tuple[int, int, str]:
    """`(span.start_char, span.end_char, span.text)` of the tokens [start, end), end > start,
    without making the `Span`."""
    starts, ends = token_chars(doc)
    start_char, end_char = starts[start], ends[end - 1]
    return start_char, end_char, doc_text(doc)[start_char:end_char]
