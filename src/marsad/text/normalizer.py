"""`ArabicNormalizer`: a spaCy component that fills the normalised token attributes.

In: a tokenised `Doc`. Out: the same `Doc` whose tokens read `token.norm_ ==
normalize_text(token.text)` and `token._.forms == clitic_forms(token.norm_)`. Every matcher in
marsad reads these, never `token.text`.

The norm is a lexeme attribute: the component installs `normalize_text` as the vocabulary's
NORM getter, so each distinct word is normalised once per process, not once per token.
`token._.forms` is a getter over the cached `clitic_forms`. For matchers that read every token,
`doc_norm_ids(doc)` gives all tokens' NORM string ids and `doc_forms(doc)` all tokens' forms,
each computed once per doc without making `Token`s; `doc_text(doc)` is the doc's text, built
once (or set by `analyse`).
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from marsad.text.normalize import clitic_forms, normalize_text

_FORMS_KEY = "marsad_forms"
_NORM_IDS_KEY = "marsad_norm_ids"
TEXT_KEY = "marsad_text"

# NORM string id -> clitic forms of that norm (string ids are hashes of the string, the same
# in every vocabulary)
_FORMS_BY_ID: dict[int, tuple[str, ...]] = {}
_MAX_FORMS_BY_ID = 500_000

if not Token.has_extension("forms"):
    Token.set_extension("forms", getter=lambda token: clitic_forms(token.norm_))


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per doc (`Doc.text` joins every token on each call)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def doc_norm_ids(doc: Doc) -> list[int]:
    """The NORM string id of every token of `doc` (cached on the doc)."""
    ids = doc.user_data.get(_NORM_IDS_KEY)
    if ids is None or len(ids) != len(doc):
        ids = doc.to_array(NORM).tolist() if len(doc) else []
        doc.user_data[_NORM_IDS_KEY] = ids
    return ids


def norm_id_forms(norm_id: int, strings) -> tuple[str, ...]:
    """`clitic_forms` of the norm whose string id is `norm_id` (remembered per id)."""
    forms = _FORMS_BY_ID.get(norm_id)
    if forms is None:
        if len(_FORMS_BY_ID) >= _MAX_FORMS_BY_ID:
            _FORMS_BY_ID.clear()
        forms = _FORMS_BY_ID[norm_id] = clitic_forms(strings[norm_id])
    return forms


def doc_forms(doc: Doc) -> list[tuple[str, ...]]:
    """The look-up forms of every token of `doc`, most literal first (cached on the doc)."""
    forms = doc.user_data.get(_FORMS_KEY)
    if forms is None or len(forms) != len(doc):
        ids = doc_norm_ids(doc)
        try:
            forms = list(map(_FORMS_BY_ID.__getitem__, ids))
        except KeyError:  # a word not seen before
            strings = doc.vocab.strings
            forms = [norm_id_forms(i, strings) for i in ids]
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
    """Makes every token's `norm_` its `normalize_text` form. A token's norm is its lexeme's
    unless a tokenizer special case gave it its own; those are the special cases the
    pipeline's tokenizer has when the component is built."""

    def __init__(self, nlp: Language) -> None:
        if nlp.vocab.lex_attr_getters.get(NORM) is not normalize_text:  # not yet (a shared vocab)
            nlp.vocab.lex_attr_getters[NORM] = normalize_text
            for lexeme in nlp.vocab:
                lexeme.norm_ = normalize_text(lexeme.orth_)
        # tokenizer special cases may give a token its own norm ("n't" -> "not"): the texts of
        # those whose norm is not normalised yet (marsad's tokenizer normalises them itself)
        rules = getattr(nlp.tokenizer, "rules", None) or {}
        self._own_norms = np.array(sorted({
            get_string_id(piece[ORTH]) for pieces in rules.values() for piece in pieces
            if NORM in piece and normalize_text(piece[NORM]) != piece[NORM]
        }), dtype=np.uint64)

    def __call__(self, doc: Doc) -> Doc:
        if not len(self._own_norms) or not len(doc):
            return doc
        special = np.flatnonzero(np.isin(doc.to_array(ORTH), self._own_norms))
        for i in special.tolist():
            token = doc[i]
            # fold a special case's own norm too
            if token.norm != token.lex.norm:  # compare the string ids: no decoding
                token.norm_ = normalize_text(token.norm_)
        return doc


@Language.factory("marsad_normalizer")
def make_normalizer(nlp: Language, name: str) -> ArabicNormalizer:
    return ArabicNormalizer(nlp)
