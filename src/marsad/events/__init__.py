"""Events: PLOVER event coding with actors, casualties, dates and attribution.

The spaCy component "marsad_events" (`marsad.events.extractor.EventExtractor`) writes
`doc._.events`. Its parts, each usable alone: `actors` (lexicon and tagger), `triggers`
(event words and modality cues), `attribution` (who says so), `arguments` (roles, casualties,
actor/target choice), `crosswalk` (PLOVER -> ACLED, CAMEO). Lexicons are data files in `data/`.
"""
