"""`ArabicNormalizer`: a spaCy component that fills the normalised token attributes.

In: a tokenised `Doc`. Out: the same `Doc` whose tokens read `token.norm_ ==
normalize_text(token.text)` and `token._.forms == clitic_forms(token.norm_)`. Every matcher in
marsad reads these, never `token.text`.

The norm is a lexeme attribute: the component installs `normalize_text` as the vocabulary's
NORM getter, so each distinct word is normalised once per process, not once per token.
`token._.forms` is a getter over the cached `clitic_forms`; `doc_forms(doc)` gives all tokens'
forms at once, computed once per doc.
"""

from __future__ import annotations

from spacy.attrs import NORM, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from marsad.text.normalize import clitic_forms, normalize_text

_FORMS_KEY = "marsad_forms"
_NORMS_KEY = "marsad_norms"

if not Token.has_extension("forms"):
    Token.set_extension("forms", getter=lambda token: clitic_forms(token.norm_))


def doc_norms(doc: Doc) -> list[str]:
    """`token.norm_` of every token of `doc` (cached on the doc; read without making `Token`s)."""
    norms = doc.user_data.get(_NORMS_KEY)
    if norms is None or len(norms) != len(doc):
        strings = doc.vocab.strings
        norms = [strings[h] for h in doc.to_array(NORM).tolist()] if len(doc) else []
        doc.user_data[_NORMS_KEY] = norms
    return norms


def doc_forms(doc: Doc) -> list[tuple[str, ...]]:
    """The look-up forms of every token of `doc`, most literal first (cached on the doc)."""
    forms = doc.user_data.get(_FORMS_KEY)
    if forms is None or len(forms) != len(doc):
        forms = [clitic_forms(norm) for norm in doc_norms(doc)]
        doc.user_data[_FORMS_KEY] = forms
    return forms


def sentence_starts(doc: Doc) -> set[int]:
    """Indices of the tokens that start a sentence: `{sent.start for sent in doc.sents}`,
    without making the sentence spans."""
    if not len(doc):
        return set()
    flags = doc.to_array(SENT_START).tolist()
    return {0} | {i for i, flag in enumerate(flags) if flag == 1}


class ArabicNormalizer:
    """Makes every token's `norm_` its `normalize_text` form."""

    def __init__(self, nlp: Language) -> None:
        nlp.vocab.lex_attr_getters[NORM] = normalize_text
        for lexeme in nlp.vocab:
            lexeme.norm_ = normalize_text(lexeme.orth_)

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            # tokenizer exceptions may carry their own norm ("n't" -> "not"); fold it too
            if token.norm != token.lex.norm:  # compare the string ids: no decoding
                token.norm_ = normalize_text(token.norm_)
        return doc


@Language.factory("marsad_normalizer")
def make_normalizer(nlp: Language, name: str) -> ArabicNormalizer:
    return ArabicNormalizer(nlp)
