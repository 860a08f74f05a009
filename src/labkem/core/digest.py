"""Digests of bytes, folders and labkem's own code, for the records that let a build skip work whose inputs
did not change (see `labkem.render.memo` and the validation memo)."""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

from labkem.core import paths


def of_bytes(data: bytes) -> str:
    """A short digest of `data` (BLAKE2b, 128 bits: for change detection, not for publishing)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def of_tree(root: Path) -> str:
    """A digest of every file under `root`, names and bytes (compiled Python left out)."""
    digest = hashlib.blake2b(digest_size=16)
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def of_parts(*parts: str) -> str:
    """A digest of several strings, kept apart."""
    return of_bytes("\0".join(parts).encode())


@functools.cache
def libraries() -> tuple[str, ...]:
    """The installed distributions as `name==version`, sorted (their output formats can change bytes)."""
    return tuple(sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions()))


@functools.cache
def code() -> str:
    """A digest of labkem's source and templates: a record made by other code is not trusted."""
    return of_tree(paths.PACKAGE_DIR)
