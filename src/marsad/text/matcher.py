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

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from itertools import chain
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from spacy.tokens import Doc

from marsad.text.normalizer import doc_forms, doc_norm_ids, norm_id_forms

_END = "\x00"  # trie key holding the payloads of a phrase that ends at this node


class TermMatch(NamedTuple):
    """A phrase found in a doc: token span [start, end), its payloads, and how literal it was
    (a named tuple: made for every match, and much cheaper to make than a frozen dataclass)."""

    start: int
    end: int
    payloads: tuple[Any, ...]
    stripped: int  # number of tokens matched through a clitic-stripped form (0 = as written)


class TermMatcher:
    """A trie of normalised token sequences -> payloads, matched clitic-aware."""

    def __init__(self) -> None:
        self._root: dict[str, Any] = {}
        self._seen: set[tuple[tuple[str, ...], Hashable]] = set()

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
        """The longest phrase starting at token `start` (the most literal one among equals)."""
        best_end, best_stripped, best_payloads = start, 0, None
        n = len(forms)
        # depth-first over the trie, trying every form of each token
        stack = [(self._root, start, 0)]
        while stack:
            node, i, stripped = stack.pop()
            if i > start:
                payloads = node.get(_END)
                if payloads is not None and (
                        i > best_end or (i == best_end and stripped < best_stripped)):
                    best_end, best_stripped, best_payloads = i, stripped, payloads
            if i < n:
                literal = True
                for form in forms[i]:
                    child = node.get(form)
                    if child is not None:
                        stack.append((child, i + 1, stripped if literal else stripped + 1))
                    literal = False
        if best_payloads is None:
            return None
        return TermMatch(start, best_end, tuple(best_payloads), best_stripped)

    def __call__(self, doc: Doc) -> list[TermMatch]:
        """Longest non-overlapping matches in `doc`, left to right."""
        return list(self.iter_matches(doc))

    def iter_matches(self, doc: Doc, overlapping: bool = False) -> Iterator[TermMatch]:
        forms, ids = doc_forms(doc), doc_norm_ids(doc)
        starts, memo = self._candidates(doc)
        first_words, follow = memo.hits, memo.follow
        last = len(forms) - 1
        i = 0
        for start in starts:
            if start < i:
                continue
            one_word = first_words[ids[start]]
            if one_word is not None:
                match = TermMatch(start, start + 1, *one_word)
            else:
                after = follow.get(ids[start])
                if after is not None and (start == last or after.isdisjoint(forms[start + 1])):
                    continue  # no phrase ends at this word, and none goes on with the next
                match = self._longest_at(forms, start)
            if match is not None:
                yield match
                i = start + 1 if overlapping else match.end

    def _candidates(self, doc: Doc) -> tuple[list[int], _FirstWords]:
        """Ascending indices of the tokens where a phrase may begin (a form of the token is a
        first word), and the matcher's `_FirstWords`. Each distinct word is checked
        against the first words once per process, as it enters the word log; a doc then costs
        one set intersection per matcher, not a look-up per token."""
        positions, doc_words = word_positions(doc)
        words = _WORDS
        memo = _FIRST_WORDS.get(self)
        if memo is None or memo.size != len(self) or memo.epoch != words.epoch:
            memo = _FIRST_WORDS[self] = _FirstWords(len(self), words.epoch)
        end = len(words.order)
        if memo.upto < end:
            first_words, forms = self._root.keys(), words.forms
            for norm_id in words.order[memo.upto:end]:
                if not first_words.isdisjoint(forms[norm_id]):
                    one_word = memo.hits[norm_id] = self._one_word_match(forms[norm_id])
                    memo.starts.add(norm_id)
                    after = None if one_word is not None else self._next_forms(forms[norm_id])
                    if after is not None:
                        memo.follow[norm_id] = after
            memo.upto = end
        hits = doc_words & memo.starts  # walks the smaller of the two
        if len(hits) == 1:
            return positions[hits.pop()], memo
        return sorted(chain.from_iterable(map(positions.__getitem__, hits))), memo

    def _one_word_match(self, forms: tuple[str, ...]) -> tuple[Any, ...] | None:
        """`(payloads, stripped)` of the match at a word with these look-up forms when no
        phrase that may start there is longer than one word (the match is then the same
        wherever the word stands), else None."""
        root = self._root
        if any(len(root[form]) > 1 or _END not in root[form] for form in forms if form in root):
            return None
        match = self._longest_at([forms], 0)
        return None if match is None else (match.payloads, match.stripped)

    def _next_forms(self, forms: tuple[str, ...]) -> frozenset[str] | None:
        """When no phrase is a word with these look-up forms alone: the forms the next word
        must have for a phrase starting with it to go on (a match there needs one of them);
        None when some phrase is the word alone."""
        children = [self._root[form] for form in forms if form in self._root]
        if any(_END in child for child in children):
            return None
        return frozenset(chain.from_iterable(children))


class _WordLog:
    """Every distinct word (NORM string id) of the docs seen so far with its look-up forms, in
    the order first seen; started afresh (a new epoch) when it grows too large."""

    def __init__(self, epoch: int = 0):
        self.epoch = epoch
        self.forms: dict[int, tuple[str, ...]] = {}
        self.order: list[int] = []


class _FirstWords:
    """Which logged words may begin a phrase of one `TermMatcher`: `hits` among the first
    `upto` words of the log, for the matcher's `size` phrases, each with its one-word match
    (see `TermMatcher._one_word_match`), and `starts`, the same words as a set (see
    `word_positions`); `follow`: for those of the hits no phrase is alone, the forms the next
    word must have (see `TermMatcher._next_forms`)."""

    def __init__(self, size: int, epoch: int):
        self.size = size
        self.epoch = epoch
        self.upto = 0
        self.hits: dict[int, tuple[Any, ...] | None] = {}
        self.starts: set[int] = set()
        self.follow: dict[int, frozenset[str]] = {}


_WORDS = _WordLog()
# kept beside the matchers, not in them, so a pickled matcher carries no word-log state
_FIRST_WORDS: WeakKeyDictionary[TermMatcher, _FirstWords] = WeakKeyDictionary()
_MAX_REMEMBERED = 500_000
_POSITIONS_KEY = "marsad_word_positions"


def word_positions(doc: Doc) -> tuple[dict[int, list[int]], set[int]]:
    """NORM string id -> indices of the tokens with that norm, and the set of those ids
    (cached on the doc); the doc's new words go into the word log. Matchers intersect the set
    with a set of theirs: a set keeps the hash of each id, where a look-up in a dict hashes
    the id again, reading one int object after another from memory."""
    global _WORDS
    ids = doc_norm_ids(doc)
    cached = doc.user_data.get(_POSITIONS_KEY)
    if cached is not None and cached[0] == len(ids) and cached[1] == _WORDS.epoch:
        return cached[2]
    positions: defaultdict[int, list[int]] = defaultdict(list)
    for i, norm_id in enumerate(ids):
        positions[norm_id].append(i)
    new = [norm_id for norm_id in positions if norm_id not in _WORDS.forms]
    if len(_WORDS.forms) + len(new) > _MAX_REMEMBERED:
        _WORDS = _WordLog(_WORDS.epoch + 1)
        new = list(positions)
    words, strings = _WORDS, doc.vocab.strings
    for norm_id in new:
        words.forms[norm_id] = norm_id_forms(norm_id, strings)
        words.order.append(norm_id)
    found = positions, set(positions)
    doc.user_data[_POSITIONS_KEY] = (len(ids), words.epoch, found)
    return found


class PassingWords:
    """The words (NORM string ids) that passed one test of their norm (`token_positions`):
    those among the first `upto` words of the word log of `epoch`."""

    def __init__(self) -> None:
        self.epoch = -1
        self.upto = 0
        self.passed: set[int] = set()


def token_positions(doc: Doc, memo: PassingWords, test: Callable[[str], bool]) -> list[int]:
    """Ascending indices of the tokens of `doc` whose norm passes `test` (`memo` always goes
    with the same test). Each distinct word is tested once per process, as it enters the
    word log; a doc then costs one set intersection, not a look-up per token."""
    positions, doc_words = word_positions(doc)
    words = _WORDS
    if memo.epoch != words.epoch:
        memo.epoch, memo.upto, memo.passed = words.epoch, 0, set()
    end = len(words.order)
    if memo.upto < end:
        forms = words.forms  # a word's first form is its norm
        memo.passed.update(norm_id for norm_id in words.order[memo.upto:end]
                           if test(forms[norm_id][0]))
        memo.upto = end
    hits = doc_words & memo.passed
    return sorted(chain.from_iterable(map(positions.__getitem__, hits)))
