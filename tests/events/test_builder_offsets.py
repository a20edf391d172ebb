"""The builder's array-based token helpers agree with spaCy's `Doc` and `Token` attributes."""

from marsad.events.arguments import char_tokens
from marsad.events.extractor import word_counts
from marsad.text.pipeline import get_pipeline

TEXT = "قصفت طائرات حربية ، أمس ، مواقع في  ريف حلب.\nThe army said five soldiers were killed. "


def test_char_tokens_is_the_expanded_char_span():
    doc = get_pipeline("ar").make_doc(TEXT)
    for start in range(-1, len(TEXT) + 2):
        for end in range(start, min(start + 12, len(TEXT) + 2)):
            span = doc.char_span(start, end, alignment_mode="expand")
            assert char_tokens(doc, start, end) == (
                (span.start, span.end) if span is not None else None), (start, end)


def test_word_counts_count_punctuation_and_space_apart():
    doc = get_pipeline("ar").make_doc(TEXT)
    not_punct, words = word_counts(doc)
    for i in range(len(doc) + 1):
        assert not_punct[i] == sum(1 for t in doc[:i] if not t.is_punct)
        assert words[i] == sum(1 for t in doc[:i] if not t.is_punct and not t.is_space)
