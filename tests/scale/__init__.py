"""Tests of flashpoint.scale: ingest on a Dask cluster."""
