"""Errors that the CLI turns into one clear line and a non-zero exit.

Why one base class: every failure a user can cause (bad input, bad model folder, bad
config) derives from ``CrosscheckError``, so the CLI can tell them apart from bugs, which
keep their traceback.
"""


class CrosscheckError(Exception):
    """A problem with what the user gave us; the message names the file or value and the fix."""


class InputError(CrosscheckError):
    """An article, pairs file or claim that cannot be used."""
