"""Places: gazetteer index, place-mention recognition and resolution to GeoNames."""
