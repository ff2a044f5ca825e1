"""Scaling ingest out: the same stage functions mapped over partitions of a corpus on a Dask cluster.

The driver (the machine running `flashpoint ingest ... --dask ADDRESS`) reads the corpus, skips stored
articles and links near-duplicates exactly as a serial run does; only the coding (spaCy parse and
extraction, the expensive part) is shipped to the workers, as partitions of articles. Each finished
partition is written as a Parquet part file, then the parts are loaded into the store in input order
through the same one-transaction-per-batch path as a serial run, so the database is identical to a
serial run's and a killed run resumes (parts coded but not loaded are loaded without recoding).

`dask_runner` holds the worker function, the part files and the scheduling; `pipeline.dask_ingest` is
the entry point. How to run it on a real cluster: docs/scale.md.
"""
