"""Text layer: readers, language identification, normalisation, numbers and dates."""
