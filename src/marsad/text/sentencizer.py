"""`SentenceSplitter`: spaCy's rule-based sentencizer, reading the doc as arrays.

In: a tokenised `Doc`. Out: the same `Doc` with sentence starts set exactly as spaCy's
`Sentencizer` sets them (a sentence ends at a token in `punct_chars`; the next token that is
neither punctuation nor in `punct_chars` starts the next one). spaCy's version makes a `Token`
for every token of the doc; this one reads the ORTH and IS_PUNCT columns of `Doc.to_array`.
Registered as the factory "marsad_sentencizer".
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IS_PUNCT, ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id


class SentenceSplitter(Sentencizer):
    """spaCy's `Sentencizer` with a vectorised `predict` (same sentence starts)."""

    def predict(self, docs):
        """Sentence-start flags (one list of bools per doc), as `Sentencizer.predict`."""
        ends = np.array([get_string_id(text) for text in self.punct_chars], dtype=np.uint64)
        guesses = []
        for doc in docs:
            if not len(doc):
                guesses.append([])
                continue
            columns = doc.to_array([ORTH, IS_PUNCT])
            is_end = np.isin(columns[:, 0], ends)
            words = np.flatnonzero(~is_end & (columns[:, 1] == 0))
            # a word starts a sentence when an end token stands between it and the word
            # before: it is the first word after some end token
            after_end = np.searchsorted(words, np.flatnonzero(is_end), side="right")
            flags = np.zeros(len(doc), dtype=bool)
            flags[0] = True
            flags[words[after_end[after_end < len(words)]]] = True
            guesses.append(flags.tolist())
        return guesses


@Language.factory("marsad_sentencizer", default_config={"punct_chars": None, "overwrite": False})
def make_sentencizer(nlp: Language, name: str, punct_chars: list[str] | None,
                     overwrite: bool) -> SentenceSplitter:
    return SentenceSplitter(name, punct_chars=punct_chars, overwrite=overwrite)
