"""Formats other tools read and write: `export` writes our merged events as GDELT 2.0 event rows,
PLOVER/POLECAT-style JSONL, Parquet or CSV; `gdelt` loads GDELT 2.0 event exports into the
`gdelt_events` table and gives GDELT's series for a dyad to put beside ours. See docs/formats.md."""
