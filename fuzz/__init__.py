"""Property-based fuzzing of the readers and of extraction: `python fuzz/run.py` (make fuzz)."""
