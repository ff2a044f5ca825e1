"""The project's named errors. Each docstring is the error's meaning; each message says what to do.

They are raised by the library and translated to exit codes (CLI) or HTTP statuses (API) only at the
edge, never caught and re-worded in between.
"""
from __future__ import annotations


class FlashpointError(Exception):
    """Base class: something the user can fix, with a message saying how."""

    exit_code = 1


class InputError(FlashpointError):
    """An input (file, URL, record) could not be read."""

    exit_code = 2


class StoreLockedError(FlashpointError):
    """Another process holds the database file for writing."""

    exit_code = 3


class StoreError(FlashpointError):
    """The database file could not be opened or is not a flashpoint store."""

    exit_code = 4


class ModelMissingError(FlashpointError):
    """The spaCy language model is not installed in this environment."""

    exit_code = 5


class DataError(FlashpointError):
    """A bundled knowledge file (codebook, patterns, actors) is malformed."""

    exit_code = 6
