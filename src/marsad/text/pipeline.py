"""Build and run the marsad spaCy pipeline for one language.

`get_pipeline(lang)` returns a cached blank `ar`/`en` pipeline with marsad's components;
`analyse(text, lang, published)` runs it on one text and returns the annotated `Doc`.
Each later stage (numbers, dates, places, events) is a component registered by its module and
listed in `COMPONENTS`, in order; a component whose module is missing is skipped.
"""

from __future__ import annotations

import importlib
from datetime import date
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import marsad.text.normalizer  # noqa: F401  (registers marsad_normalizer)

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)

SUPPORTED_LANGUAGES = ("ar", "en")

# (component name, module that registers it), in pipeline order
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("marsad_normalizer", "marsad.text.normalizer"),
    ("sentencizer", ""),
    ("marsad_numbers", "marsad.text.numbers"),
    ("marsad_dates", "marsad.text.dates"),
    ("marsad_places", "marsad.places.recognizer"),
    ("marsad_events", "marsad.events.extractor"),
)

_SENTENCE_ENDS = [".", "!", "?", "؟", "۔", "\n", "\n\n", "...", "…", "!!", "??", "?!"]
_CLOSING = [r"\)", r"\]", "»", '"', "”", "،", "؛", ":", r"\.", "!", r"\?", "؟"]


def _tune_tokenizer(nlp: Language) -> None:
    """Split closing brackets/quotes and Arabic punctuation glued to words: «الزور).»."""
    suffixes = list(nlp.Defaults.suffixes or []) + _CLOSING
    prefixes = list(nlp.Defaults.prefixes or []) + [r"\(", r"\[", "«", '"', "“"]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search


@lru_cache(maxsize=None)
def get_pipeline(lang: str, upto: str | None = None) -> Language:
    """The marsad pipeline for `lang` ("ar" or "en"), optionally stopping after `upto`."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {SUPPORTED_LANGUAGES}")
    nlp = spacy.blank(lang)
    _tune_tokenizer(nlp)
    for name, module in COMPONENTS:
        if module:
            try:
                importlib.import_module(module)
            except ModuleNotFoundError as err:
                if err.name != module:
                    raise
                continue
        if name == "sentencizer":
            nlp.add_pipe("sentencizer", config={"punct_chars": _SENTENCE_ENDS})
        else:
            nlp.add_pipe(name)
        if name == upto:
            break
    return nlp


def analyse(text: str, lang: str, published: date | None = None, upto: str | None = None) -> Doc:
    """Run the pipeline for `lang` on `text`, resolving relative dates against `published`."""
    nlp = get_pipeline(lang, upto)
    doc = nlp.make_doc(text)
    doc._.published = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def phrase_tokens(phrase: str, lang: str = "ar") -> list[str]:
    """Normalised tokens of a lexicon phrase, split exactly as documents are."""
    from marsad.text.normalize import normalize_text

    nlp = get_pipeline(lang, upto="marsad_normalizer")
    return [normalize_text(t.text) for t in nlp.make_doc(phrase) if not t.is_space]
