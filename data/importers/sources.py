"""Containers: a file, several files, a folder or Spotify's zip, opened safely, member by member.

Zips are recognised by content, checked before anything is read (member count, paths, total
uncompressed size, compression ratio) and read one member at a time, so memory holds one file.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from data.importers.formats import ImportFileError, sniff

SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """How much an import may read. ``max_file_bytes`` is the upload limit (MAX_UPLOAD_MB)."""

    max_file_bytes: int
    max_total_bytes: int
    max_members: int = 10_000
    max_ratio: int = 100

    @classmethod
    def for_upload_limit(cls, max_bytes: int) -> Limits:
        return cls(max_file_bytes=max_bytes, max_total_bytes=4 * max_bytes)


@dataclass(frozen=True)
class Member:
    """One candidate file. ``explicit`` when the user named it (then it must be history).

    ``locator`` says where another process can read it: ("file", path) or ("zip", zip path,
    member name); ``read_located`` reads it so.
    """

    name: str
    size: int
    order: int
    explicit: bool
    read: Callable[[], bytes]
    locator: tuple[str, ...]


def read_located(locator: tuple[str, ...]) -> bytes:
    """A member's bytes from its locator (checked when it was listed; the CRC is checked here)."""
    kind, path, *inner = locator
    if kind == "file":
        return Path(path).read_bytes()
    with zipfile.ZipFile(path) as archive:
        return archive.read(inner[0])


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


@contextmanager
def open_sources(paths: list[Path], limits: Limits) -> Iterator[list[Member]]:
    """Yield the members of every path in processing order (full-resolution history first)."""
    with ExitStack() as stack:
        members: list[Member] = []
        total = 0
        for path in paths:
            path = Path(path)
            if path.is_dir():
                found = sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".json"
                )
                members += [_file_member(p, limits, explicit=False, label=p) for p in found]
            elif not path.is_file():
                raise ImportFileError(f"{path}: no such file or folder.")
            elif zipfile.is_zipfile(path):
                members += _zip_members(path, limits, stack)
            else:
                members.append(_file_member(path, limits, explicit=True, label=path.name))
        for member in members:
            total += member.size
            if total > limits.max_total_bytes:
                raise ImportFileError(
                    f"The files add up to more than {_mb(limits.max_total_bytes)} of JSON; "
                    "import them in smaller groups."
                )
        yield sorted(members, key=lambda m: (m.order, m.name))


def _file_member(path: Path, limits: Limits, *, explicit: bool, label) -> Member:
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise ImportFileError(
            f"{label}: {_mb(size)} is over the size limit of {_mb(limits.max_file_bytes)}."
        )
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    return Member(str(label), size, sniff(head), explicit, path.read_bytes, ("file", str(path)))


def _zip_members(path: Path, limits: Limits, stack: ExitStack) -> list[Member]:
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise ImportFileError(
            f"{path.name}: {_mb(size)} is over the size limit of {_mb(limits.max_file_bytes)}."
        )
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(f"{path.name}: not a readable zip file ({exc}).") from None
    if len(infos) > limits.max_members:
        raise ImportFileError(
            f"{path.name}: {len(infos)} files in the zip; at most {limits.max_members} allowed."
        )
    _check_whole_zip(path, infos, limits)
    total = 0
    chosen = []
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
            raise ImportFileError(f"{path.name}: refusing a zip member with an unsafe path: {name}")
        if info.is_dir() or not name.lower().endswith(".json"):
            continue
        total += info.file_size
        if total > limits.max_total_bytes:
            raise ImportFileError(
                f"{path.name}: unpacks to more than {_mb(limits.max_total_bytes)}; refusing it."
            )
        if info.file_size > limits.max_file_bytes:
            raise ImportFileError(
                f"{path.name}: {name} unpacks to {_mb(info.file_size)}, over the size limit."
            )
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise ImportFileError(
                f"{path.name}: {name} is compressed more than {limits.max_ratio}:1, "
                "which looks like a zip bomb; refusing it."
            )
        chosen.append(info)
    members = []
    for info in chosen:
        label = f"{path.name}:{info.filename}"
        try:
            with archive.open(info) as fh:
                head = fh.read(SNIFF_BYTES)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise ImportFileError(f"{label}: cannot be unpacked ({exc}).") from None
        read = _zip_reader(archive, info, label)
        locator = ("zip", str(path), info.filename)
        members.append(Member(label, info.file_size, sniff(head), False, read, locator))
    return members


def _check_whole_zip(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Judge the archive by all its members, however small: many tiny ones add up.

    Per-member checks alone let a 6.6 MB zip of small, highly compressed members unpack to
    2 GB; the sums count every member, JSON or not.
    """
    unpacked = sum(info.file_size for info in infos)
    packed = max(sum(info.compress_size for info in infos), 1)
    if unpacked > limits.max_total_bytes:
        raise ImportFileError(
            f"{path.name}: unpacks to more than {_mb(limits.max_total_bytes)}; refusing it."
        )
    if unpacked > 1024 * 1024 and unpacked > limits.max_ratio * packed:
        raise ImportFileError(
            f"{path.name}: its {len(infos):,} files unpack to {_mb(unpacked)}, more than "
            f"{limits.max_ratio}:1, which looks like a zip bomb; refusing it."
        )


def _zip_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str):
    def read() -> bytes:
        # ZipExtFile stops at the declared size and checks the CRC, so lying headers fail here.
        try:
            return archive.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise ImportFileError(f"{label}: cannot be unpacked ({exc}).") from None

    return read
