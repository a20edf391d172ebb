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

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from marsad.text.normalize import is_arabic, normalize_text

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SIMPLE = re.compile(r"^[\w\u0600-\u06ff]+$")

# no bare ه: once ة is folded to ه, قتله/عذبه/ضربه would read like قتلة/عذبة/ضربة
OBJECT_SUFFIXES = ("ها", "هم", "هما", "هن", "نا", "كم")
POSSESSIVE_SUFFIXES = ("ه", "ها", "هم", "هما", "نا")


def load_data(name: str) -> Any:
    """Parse the YAML data file `name` shipped in `marsad/events/data/`."""
    text = files("marsad.events").joinpath("data", name).read_text("utf-8")
    return yaml.load(text, Loader=_LOADER)


def data_text(name: str) -> str:
    """Raw text of a data file shipped in `marsad/events/data/`."""
    return files("marsad.events").joinpath("data", name).read_text("utf-8")


@lru_cache(maxsize=50_000)
def phrase_key(phrase: str, lang: str) -> tuple[str, ...]:
    """Normalised tokens of `phrase`, split exactly as documents are."""
    norm = normalize_text(phrase.strip())
    if _SIMPLE.match(norm):
        return (norm,)
    from marsad.text.pipeline import phrase_tokens

    return tuple(phrase_tokens(phrase, lang))


def _split_verb(spec: str) -> tuple[str, str]:
    past, _, present = spec.partition("/")
    past, present = normalize_text(past.strip()), normalize_text(present.strip())
    if not present:
        present = "ي" + past
    return past, present


def arabic_verb_forms(spec: str, objects: bool = True) -> list[tuple[str, str]]:
    """Inflected forms of an Arabic verb given as "past/present" (3rd person masculine).

    Returns (form, tense) pairs; tense is "past", "present", "future" (3rd/2nd person) or
    "future1" (first person: سأ، سن). `objects=False` leaves out object suffixes (a reporting
    verb takes none, and أضافه would read like the noun إضافة once ة is folded to ه).
    """
    past, present = _split_verb(spec)
    stem = present[1:]  # imperfect without its person prefix
    out: list[tuple[str, str]] = []

    past_forms = [past + s for s in ("", "ت", "وا", "ن", "ا", "تا", "نا", "تم", "تن")]
    for form in past_forms:
        out.append((form, "past"))
    suffixes = OBJECT_SUFFIXES if objects else ()
    for base in (past, past + "ت", past + "نا", past + "تم"):
        out.extend((base + s, "past") for s in suffixes)
    out.extend((past + "و" + s, "past") for s in suffixes)

    present_forms: list[str] = []
    for prefix in ("ي", "ت", "ن", "ا"):
        present_forms.append(prefix + stem)
    for prefix in ("ي", "ت"):
        present_forms.extend(prefix + stem + s for s in ("ون", "وا", "ان", "ا", "ين"))
    present_forms.append("ي" + stem + "ن")
    for form in present_forms:
        out.append((form, "present"))
    for prefix in ("ي", "ت", "ن", "ا"):
        out.extend((prefix + stem + s, "present") for s in suffixes)
    for prefix in ("ي", "ت"):
        out.extend((prefix + stem + "ون" + s, "present") for s in suffixes)
        out.extend((prefix + stem + "و" + s, "present") for s in suffixes)

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


def doc_forms(doc: Any) -> list[tuple[str, ...]]:
    """Each token's look-up forms, computed once per doc and shared by every event matcher."""
    forms = doc.user_data.get("marsad_forms")
    if forms is None or len(forms) != len(doc):
        forms = doc.user_data["marsad_forms"] = [t._.forms or (t.norm_,) for t in doc]
    return forms


def find(matcher: Any, doc: Any, overlapping: bool = False) -> list[Any]:
    """`matcher(doc)` (longest non-overlapping `TermMatch`es) on the doc's cached forms.

    Same result as `TermMatcher.iter_matches`; it only avoids rebuilding the forms of every
    token for each of the lexicons run on one doc.
    """
    forms = doc_forms(doc)
    root = matcher._root
    out = []
    i, n = 0, len(forms)
    while i < n:
        if not any(f in root for f in forms[i]):
            i += 1
            continue
        match = matcher._longest_at(forms, i)
        if match is None:
            i += 1
            continue
        out.append(match)
        i = i + 1 if overlapping else match.end
    return out
