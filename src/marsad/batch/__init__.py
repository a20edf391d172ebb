"""Batch: extraction on a Dask cluster writing partitioned Parquet."""
