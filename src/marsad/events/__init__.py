"""Events: PLOVER event coding with actors, casualties, dates and attribution."""
