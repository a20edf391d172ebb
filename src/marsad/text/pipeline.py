"""Build and run the marsad spaCy pipeline for one language.

`get_pipeline(lang)` returns a cached blank `ar`/`en` pipeline with marsad's components;
`analyse(text, lang, published)` runs it on one text and returns the annotated `Doc`.
Each later stage (numbers, dates, places, events) is a component registered by its module and
listed in `COMPONENTS`, in order; a component whose module is missing is skipped.
"""

from __future__ import annotations

import gc
import importlib
import re
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import spacy
import yaml
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from marsad.text.normalize import YAML_LOADER, normalize_text
from marsad.text.normalizer import TEXT_KEY  # importing registers marsad_normalizer

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)

SUPPORTED_LANGUAGES = ("ar", "en")
_TOKENIZER_FILE = Path(__file__).with_name("data") / "tokenizer.yaml"

# (component name, module that registers it), in pipeline order
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("marsad_normalizer", "marsad.text.normalizer"),
    ("sentencizer", "marsad.text.sentencizer"),
    ("marsad_numbers", "marsad.text.numbers"),
    ("marsad_dates", "marsad.text.dates"),
    ("marsad_places", "marsad.places.recognizer"),
    ("marsad_events", "marsad.events.extractor"),
)

_SENTENCE_ENDS = [".", "!", "?", "؟", "۔", "\n", "\n\n", "...", "…", "!!", "??", "?!"]
_CLOSING = [r"\)", r"\]", "»", '"', "”", "،", "؛", ":", r"\.", "!", r"\?", "؟"]


_AR = "\u0621-\u064a\u0671-\u06d3"
# Arabic comma/semicolon/question mark glued between words: "دمشق،حلب"
_INFIXES = [rf"(?<=[{_AR}\w])[،؛؟](?=[{_AR}\w])"]
# a word split by dots/asterisks/tatweel to dodge moderation: قصـ.ـف، ق.ص.ف، قص.ف
_DODGED = re.compile(rf"[{_AR}\u0640]+(?:[._*•·]+\u0640*[{_AR}][{_AR}\u0640]*)+")
_ASCII_LETTER = re.compile("[A-Za-z/]")
_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace other than a plain space
_TOKENIZER_CACHE = 500_000  # words (strings between spaces) whose tokens are remembered
_GC_YOUNG_OBJECTS = 10_000  # new container objects between two collections (Python: 700)


def _dodged_word(text: str) -> bool:
    """True for one word written with dots between its letters, which normalise away."""
    return _DODGED.fullmatch(text) is not None and normalize_text(text).isalpha()


def _identity_rule(key: str, pieces: list[dict], tokenizer: Tokenizer) -> bool:
    """True for a special case that only repeats what the affix rules do anyway: one token,
    its own text, no norm (" ", "\\n", "\\t"). Such a rule changes no token, but a document
    that hits any special case is no longer put in the tokenizer's cache after that point."""
    return (len(pieces) == 1 and set(pieces[0]) == {ORTH} and pieces[0][ORTH] == key
            and [t.text for t in tokenizer(key)] == [key])


@cache
def _ordinary_words() -> frozenset[str]:
    """Words whose tokenizer exception only gives them an abbreviation's norm
    (`data/tokenizer.yaml`): they are tokenized by the affix rules like any word."""
    data = yaml.load(_TOKENIZER_FILE.read_text("utf-8"), Loader=YAML_LOADER) or {}
    return frozenset(data.get("ordinary_words") or ())


def _make_tokenizer(nlp: Language) -> Tokenizer:
    """The language's tokenizer, tuned: split closing brackets/quotes and Arabic punctuation
    glued to words («الزور).»); keep a dotted word ("قصـ.ـف") in one token; do not take
    "القصف.ثم" for a URL; a cache big enough for a news vocabulary (spaCy keeps 10,000
    words); no special cases that change nothing (see `_identity_rule`); special-case norms
    normalised."""
    defaults = nlp.Defaults
    suffixes = list(defaults.suffixes or []) + _CLOSING
    prefixes = list(defaults.prefixes or []) + [r"\(", r"\[", "«", '"', "“"]
    infixes = list(defaults.infixes or []) + _INFIXES
    token_match = defaults.token_match
    url_match = defaults.url_match
    tokenizer = Tokenizer(
        nlp.vocab,
        prefix_search=spacy.util.compile_prefix_regex(prefixes).search,
        suffix_search=spacy.util.compile_suffix_regex(suffixes).search,
        infix_finditer=spacy.util.compile_infix_regex(infixes).finditer,
        token_match=(
            _dodged_word if token_match is None
            else lambda text: _dodged_word(text) or token_match(text)
        ),
        # a URL has a Latin letter or a slash; two Arabic words joined by a dot are not one
        url_match=(
            None if url_match is None
            else lambda text: url_match(text) if _ASCII_LETTER.search(text) else None
        ),
        max_cache_size=_TOKENIZER_CACHE,
    )
    # the rules are set once, after the affixes they are checked against; a special case's own
    # norm ("n't" -> "not") is normalised here, so the normaliser has nothing left to fold
    # norm ("n't" -> "not") is normalised here, so the normaliser has nothing left to fold;
    # ordinary words lose an abbreviation's norm ("أنا" is "I", not "أنبأنا")
    plain = _ordinary_words()
    tokenizer.rules = {
        key: [{**piece, NORM: normalize_text(piece[NORM])} if NORM in piece else piece
              for piece in pieces]
        for key, pieces in defaults.tokenizer_exceptions.items()
        if key not in plain and not _identity_rule(key, pieces, tokenizer)
    }
    return tokenizer


@cache
def _tokenizer_pipeline(lang: str) -> Language:
    """A pipeline of `lang` with marsad's tokenizer and no components. Every pipeline of `lang`
    (and `phrase_tokens`) shares its vocabulary and tokenizer: one tokenizer to build, and
    one tokenizer cache."""
    return spacy.util.get_lang_class(lang)(create_tokenizer=_make_tokenizer)


def get_pipeline(lang: str, upto: str | None = None) -> Language:
    """The marsad pipeline for `lang` ("ar" or "en"), optionally stopping after `upto`.

    Built once per process: `get_pipeline("ar")`, `get_pipeline("ar", None)` and
    `get_pipeline("ar", upto=None)` are the same object."""
    return _build_pipeline(lang, upto)


@cache
def _build_pipeline(lang: str, upto: str | None) -> Language:
    """The pipeline `get_pipeline` returns, built once per (lang, upto); the garbage
    collector is then set for analysing documents (`_settle_collector`)."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {SUPPORTED_LANGUAGES}")
    base = _tokenizer_pipeline(lang)
    nlp = spacy.util.get_lang_class(lang)(vocab=base.vocab,
                                          create_tokenizer=lambda _: base.tokenizer)
    for name, module in COMPONENTS:
        if module:
            try:
                importlib.import_module(module)
            except ModuleNotFoundError as err:
                if err.name != module:
                    raise
                continue
        if name == "sentencizer":
            nlp.add_pipe("marsad_sentencizer", name=name, config={"punct_chars": _SENTENCE_ENDS})
        else:
            nlp.add_pipe(name)
        if name == upto:
            break
    _settle_collector()
    return nlp


def _settle_collector() -> None:
    """Set the garbage collector for a process that analyses documents.

    What is alive once a pipeline is built (the gazetteer index, the lexicons: objects that
    stay for the life of the process) is moved out of the collector's sight (`gc.freeze()`),
    so full collections do not walk it again and again. Analysing a document makes no
    reference cycles (reference counting frees all it makes), so a collection during analysis
    frees nothing: the youngest generation is collected after `_GC_YOUNG_OBJECTS` new objects
    instead of Python's 700, which also makes full collections rarer. Memory stays bounded:
    other code's reference cycles are still collected, after a fixed number of new objects
    (not a growing one). A threshold of 0 (collection turned off) or above ours is kept."""
    gc.freeze()
    young, middle, old = gc.get_threshold()
    if young:
        gc.set_threshold(max(young, _GC_YOUNG_OBJECTS), middle, old)


def analyse(text: str, lang: str, published: date | None = None, upto: str | None = None) -> Doc:
    """Run the pipeline for `lang` on `text`, resolving relative dates against `published`."""
    nlp = get_pipeline(lang, upto)
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text  # saves rebuilding it from the tokens (`doc_text`)
    doc._.published = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def phrase_tokens(phrase: str, lang: str = "ar") -> list[str]:
    """Normalised tokens of a lexicon phrase, split exactly as documents are."""
    words = _plain_words(phrase, lang)
    if words is None:
        words = [t.text for t in _tokenizer_pipeline(lang).make_doc(phrase) if not t.is_space]
    return [normalize_text(w) for w in words]


@cache
def _spaced_rules(lang: str) -> tuple[str, ...]:
    """Tokenizer special cases with a space inside ("ب. م")."""
    rules = _tokenizer_pipeline(lang).tokenizer.rules
    return tuple(k for k in rules if " " in k and k.strip())


@lru_cache(maxsize=100_000)
def _plain_word(word: str, lang: str) -> bool:
    """True when the tokenizer keeps `word` (no spaces) whole: no special case, prefix,
    suffix or infix applies to it."""
    tokenizer = _tokenizer_pipeline(lang).tokenizer
    return (word not in tokenizer.rules and tokenizer.prefix_search(word) is None
            and tokenizer.suffix_search(word) is None
            and next(iter(tokenizer.infix_finditer(word)), None) is None)


def _plain_words(phrase: str, lang: str) -> list[str] | None:
    """The tokens of `phrase` when it is plain words separated by spaces, which the tokenizer
    keeps whole (most lexicon phrases); None when it needs the tokenizer. Saves making a
    `Doc`, and new lexemes, for each of the thousands of phrases lexicons load."""
    if _OTHER_SPACE.search(phrase) or any(rule in phrase for rule in _spaced_rules(lang)):
        return None
    words = [w for w in phrase.split(" ") if w]
    return words if all(_plain_word(w, lang) for w in words) else None
