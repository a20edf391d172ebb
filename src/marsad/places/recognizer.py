"""`PlaceRecognizer`: the spaCy component "marsad_places".

In: a `Doc` after `marsad_normalizer` (tokens carry `norm_` and `_.forms`). Out: the same `Doc`
with `doc._.places`, a list of `Place`s (see `marsad.places.resolve`), in text order; each has
`to_dict()` for the record (`text`, `start`, `end`, `name`, `geonameid`, `lat`, `lon`,
`country`, `admin1`, `precision`, `direction`, plus `feature`, `source`, `wof_id`, `score`,
and for relative phrases `relation`, `anchor`, `distance_km`).

`doc._.place_focus` lists the report's focus countries with weights, most weight first: the
countries of its places, and of its adjectives and words for peoples ("السورية", "Syrian"),
which are not places themselves.

The work is split: `MentionFinder` matches names and cues (`marsad.places.mentions`),
`DocumentResolver` picks entries and keeps the places (`marsad.places.resolve`); this class
only runs them and writes the annotation. The gazetteer is loaded on first use (from the
on-disk cache, see `marsad.places.gazetteer`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from marsad.places.gazetteer import Gazetteer, default_gazetteer
from marsad.places.mentions import MentionFinder, words_from_doc
from marsad.places.resolve import DocumentResolver, Place
from marsad.text.normalizer import doc_text

if not Doc.has_extension("places"):
    Doc.set_extension("places", default=[])
if not Doc.has_extension("place_focus"):
    Doc.set_extension("place_focus", default=[])


class PlaceRecognizer:
    """Finds and resolves the places a document names; writes `doc._.places`."""

    def __init__(self, gazetteer: Gazetteer | None = None, lang: str | None = None) -> None:
        self._gazetteer = gazetteer
        self.lang = lang
        self._finders: dict[str, MentionFinder] = {}
        self._resolvers: dict[str, DocumentResolver] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def places(self, doc: Doc) -> list[Place]:
        """The places of `doc`, without writing them."""
        return self.analyse(doc)[0]

    def analyse(self, doc: Doc) -> tuple[list[Place], list[tuple[str, float]]]:
        """(places, focus countries with weights) of `doc`."""
        lang = self.lang or doc.lang_ or "ar"
        if lang not in ("ar", "en"):
            lang = "en"
        finder = self._finders.get(lang)
        if finder is None:
            finder = self._finders[lang] = MentionFinder(self.gazetteer, lang)
            self._resolvers[lang] = DocumentResolver(self.gazetteer, lang)
        words = words_from_doc(doc)
        if not words:
            return [], []
        mentions = finder.find(words)
        resolver = self._resolvers[lang]  # one per language: it keeps what it read of entries
        places = resolver.resolve(mentions, words, doc_text(doc),
                                  focus_words=finder.focus_words(words))
        return places, resolver.focus(places)

    def __call__(self, doc: Doc) -> Doc:
        doc._.places, doc._.place_focus = self.analyse(doc)
        return doc


@Language.factory("marsad_places")
def make_place_recognizer(nlp: Language, name: str) -> PlaceRecognizer:
    return PlaceRecognizer(lang=nlp.lang)
