"""One exception tree for everything a user can get wrong; each class says who raises it."""

from __future__ import annotations

from collections.abc import Sequence


class LabkemError(Exception):
    """Base of every error labkem reports to a user without a traceback (the CLI prints the message)."""

    exit_code = 1

    @property
    def message(self) -> str:
        """The text shown to the user."""
        return str(self)


class DataNotFound(LabkemError):
    """Raised by `load` when the data folder or a package in it is missing."""


class ValidationFailed(LabkemError):
    """Raised by `build` when validation found problems; nothing was written."""

    def __init__(self, message: str, problems: Sequence[object]) -> None:
        super().__init__(message)
        self.problems = problems


class SiteBuildFailed(LabkemError):
    """Raised by `publish` when MkDocs fails; the previous site is left as it was."""


class GazetteerError(LabkemError):
    """Raised by `gazetteer` when the pinned gazetteer cannot be fetched or fails its checksum."""
