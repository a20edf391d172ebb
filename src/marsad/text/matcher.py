"""Clitic-aware phrase matching on normalised tokens.

`TermMatcher` holds phrases (already split into normalised tokens) with a payload each and
finds them in a spaCy `Doc` through the tokens' clitic-aware forms (see `normalizer.py`). At each
token it tries the word as written first and then its clitic-stripped forms, so a lexicon
decides where a clitic is split. Matches are longest-first and do not overlap.

Why not spaCy's PhraseMatcher: it keys each token on one attribute value, while clitic-aware
look-up needs several candidate forms per token; and the gazetteer's hundreds of thousands of
names must load from a pickle in well under a second, which a plain dict trie does.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from marsad.text.normalize import clitic_forms
from marsad.text.normalizer import doc_forms, token_positions

_END = "\x00"  # trie key holding the payloads of a phrase that ends at this node


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A phrase found in a doc: token span [start, end), its payloads, and how literal it was."""

    start: int
    end: int
    payloads: tuple[Any, ...]
    stripped: int  # number of tokens matched through a clitic-stripped form (0 = as written)


class TermMatcher:
    """A trie of normalised token sequences -> payloads, matched clitic-aware."""

    def __init__(self) -> None:
        self._root: dict[str, Any] = {}
        self._seen: set[tuple[tuple[str, ...], Hashable]] = set()
        # NORM string id -> whether a form of that norm begins a phrase (per word, not token)
        self._begins: dict[int, bool] = {}

    def __len__(self) -> int:
        return len(self._seen)

    def add(self, tokens: Iterable[str], payload: Any) -> None:
        """Add a phrase given as normalised tokens; the same (phrase, payload) is kept once."""
        key = tuple(t for t in tokens if t and not t.isspace())
        if not key:
            return
        marker = (key, payload if isinstance(payload, Hashable) else id(payload))
        if marker in self._seen:
            return
        self._seen.add(marker)
        self._begins.clear()
        node = self._root
        for token in key:
            node = node.setdefault(token, {})
        node.setdefault(_END, []).append(payload)

    def contains(self, tokens: Iterable[str]) -> bool:
        node = self._root
        for token in tokens:
            node = node.get(token)
            if node is None:
                return False
        return _END in node

    def lookup(self, tokens: Iterable[str]) -> tuple[Any, ...]:
        """Payloads of exactly this phrase (normalised tokens), or ()."""
        node = self._root
        for token in tokens:
            node = node.get(token)
            if node is None:
                return ()
        return tuple(node.get(_END, ()))

    def _longest_at(self, forms: list[tuple[str, ...]], start: int) -> TermMatch | None:
        best: TermMatch | None = None
        # depth-first over the trie, trying every form of each token
        stack = [(self._root, start, 0)]
        while stack:
            node, i, stripped = stack.pop()
            if i > start and _END in node:
                candidate = TermMatch(start, i, tuple(node[_END]), stripped)
                if (
                    best is None
                    or candidate.end > best.end
                    or (candidate.end == best.end and candidate.stripped < best.stripped)
                ):
                    best = candidate
            if i >= len(forms):
                continue
            for rank, form in enumerate(forms[i]):
                child = node.get(form)
                if child is not None:
                    stack.append((child, i + 1, stripped + (rank > 0)))
        return best

    def __call__(self, doc: Doc) -> list[TermMatch]:
        """Longest non-overlapping matches in `doc`, left to right."""
        return list(self.iter_matches(doc))

    def iter_matches(self, doc: Doc, overlapping: bool = False) -> Iterator[TermMatch]:
        forms = doc_forms(doc)
        i = 0
        for start in self._candidates(doc):
            if start < i:
                continue
            match = self._longest_at(forms, start)
            if match is not None:
                yield match
                i = start + 1 if overlapping else match.end

    def _candidates(self, doc: Doc) -> list[int]:
        """Indices of the tokens where a phrase may begin: a form of the token is a first word."""
        return token_positions(doc, self._begins, self._begins_phrase)

    def _begins_phrase(self, norm: str) -> bool:
        return not self._root.keys().isdisjoint(clitic_forms(norm))
