"""Batch extraction on a Dask cluster into partitioned Parquet (`marsad batch`)."""

from marsad.batch.runner import BatchError, BatchResult, run_batch

__all__ = ["BatchError", "BatchResult", "run_batch"]
