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
    """Raised by `publish` when the site cannot be put together (parts of another build, a file written twice);
    the previous site is left as it was."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail  # the whole output of a failed tool, shown with --debug

    @classmethod
    def of_tool(cls, tool: str, output: str, returncode: int) -> ToolFailed:
        """The failure of MkDocs or Pagefind, named by its own first error rather than by all it printed: an
        error line, else the warning that strict mode stopped on."""
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        if returncode < 0:
            cause = f"dihentikan oleh sinyal {-returncode} (sering karena kehabisan memori)"
        elif any("No space left on device" in line for line in lines):
            cause = "No space left on device"
        else:
            errors = [line for line in lines if "ERROR" in line or "Error" in line or "error:" in line]
            warnings = [line for line in lines if line.startswith("WARNING")]
            cause = (errors or warnings or lines or [f"kode keluar {returncode}"])[0]
        return ToolFailed(f"{tool} gagal: {cause}; situs lama tidak diubah", detail=output)


class ToolFailed(SiteBuildFailed):
    """Raised when MkDocs or Pagefind fails: the machine or the site generator, not the data."""

    exit_code = 3


class GazetteerError(LabkemError):
    """Raised by `gazetteer` when the pinned gazetteer cannot be fetched or fails its checksum."""

    exit_code = 3
