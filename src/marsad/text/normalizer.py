"""`ArabicNormalizer`: a spaCy component that fills the normalised token attributes.

In: a tokenised `Doc`. Out: the same `Doc` with `token.norm_` set to `normalize_text(token.text)`
and `token._.forms` to the clitic-aware look-up forms (`clitic_forms`). Every matcher in marsad
reads these, never `token.text`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from marsad.text.normalize import clitic_forms, normalize_text

if not Token.has_extension("forms"):
    Token.set_extension("forms", default=())


class ArabicNormalizer:
    """Sets `token.norm_` and `token._.forms` on every token."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            norm = normalize_text(token.text)
            token.norm_ = norm
            token._.forms = clitic_forms(norm)
        return doc


@Language.factory("marsad_normalizer")
def make_normalizer(nlp: Language, name: str) -> ArabicNormalizer:
    return ArabicNormalizer()
