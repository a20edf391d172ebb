"""`MainEventScorer`: how likely an event is the specific incident its sentence reports.

In: an event's features (a dict name -> value: marsad's own cues such as the trigger's part
of speech, actor, toll, named-in-passing, depth, the rule confidence, the sentence's
normalised word forms, "w=<form>", and those near the event's first trigger, "near=<form>").
Out: a probability from a logistic model whose weights ship in `data/main_event.tsv` (derived
from the Arabic event GSR's dev half by `tools/derive_main_event_weights.py`). Types without
weights get no score.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import repeat
from operator import mul

from marsad.events.lexicon import data_text

WEIGHTS_FILE = "main_event.tsv"


class MainEventScorer:
    """Logistic scores per event type: `score(type, features)` -> probability or None."""

    TYPES = ("ASSAULT", "PROTEST")  # the types the GSR labels, hence the ones with weights

    def __init__(self, weights: dict[str, dict[str, float]], lang: str = "ar",
                 thresholds: dict[str, float] | None = None):
        self.weights = weights
        self.lang = lang
        self.thresholds = thresholds or {}  # confidence cut-offs chosen on dev, per type

    @classmethod
    def default(cls) -> MainEventScorer:
        return _default_scorer()

    @classmethod
    def from_text(cls, text: str) -> MainEventScorer:
        """Parse the TSV: `# lang: ar` header line, then rows type, feature, weight (the
        feature "threshold" gives the type's confidence threshold instead)."""
        weights: dict[str, dict[str, float]] = {}
        thresholds: dict[str, float] = {}
        lang = "ar"
        for line in text.splitlines():
            if line.startswith("# lang:"):
                lang = line.split(":", 1)[1].strip()
            if not line.strip() or line.startswith("#"):
                continue
            type_, feature, weight = line.split("\t")
            if feature == "threshold":
                thresholds[type_] = float(weight)
            else:
                weights.setdefault(type_, {})[feature] = float(weight)
        return cls(weights, lang, thresholds)

    def applies(self, type_: str, lang: str) -> bool:
        return lang == self.lang and type_ in self.weights

    def reads(self, type_: str, lang: str) -> bool:
        """Whether events of `type_` in `lang` get features (scored, or to train on)."""
        return lang == self.lang and type_ in self.TYPES

    def score(self, type_: str, features: dict[str, float]) -> float | None:
        weights = self.weights.get(type_)
        if weights is None:
            return None
        # weight * value per feature, summed in the features' order
        z = weights.get("bias", 0.0) + sum(map(mul, map(weights.get, features, repeat(0.0)),
                                               features.values()))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def _default_scorer() -> MainEventScorer:
    return MainEventScorer.from_text(data_text(WEIGHTS_FILE))
