"""Backups that restore everything: the database and the uploaded files, in one archive whose manifest
holds a SHA-256 checksum of every member.

An archive is a tar file::

    database.dump | database.sqlite3   the database (pg_dump's custom format, or a SQLite copy)
    media/...                           every file under MEDIA_ROOT (materials, charters, certificates)
    manifest.json                       written last: its absence means the archive is partial

The database is copied first and the files after it, so every file a row refers to is there (uploads
are written before their row is committed). PostgreSQL is dumped from an exported snapshot and its row
counts read from the same snapshot; SQLite through its online backup API, counts read from the copy.

A restore reads and checks the whole archive before it touches anything: a member missing, unlisted,
altered or outside the archive's folders refuses the restore. Then the database is replaced (one
transaction on PostgreSQL, one file rename on SQLite), its row counts compared with the manifest's,
and the files moved into place; an existing MEDIA_ROOT is kept aside, renamed, not deleted.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.db import connections, transaction

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why, in Chinese."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int
    media_kept_at: Path | None


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The connection of pg_dump / pg_restore, passed in the environment: no password on a command line."""
    values = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": settings_dict["NAME"],
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _run(command: list[str], settings_dict: dict[str, Any]) -> None:
    try:
        done = subprocess.run(
            command, env=_pg_env(settings_dict), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端（postgresql-client）") from None
    if done.returncode:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()[-2000:]}")


def _count_rows(cursor: Any, tables: list[str], quote: Any) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def table_counts(using: str = "default") -> dict[str, int]:
    """Rows per table of a database, as a manifest records them."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = [
            name for name in connection.introspection.table_names(cursor) if not name.startswith("sqlite_")
        ]
        return _count_rows(cursor, tables, connection.ops.quote_name)


def _sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [name for (name,) in cursor.fetchall()]


def _dump_database(folder: Path, using: str) -> tuple[str, dict[str, int]]:
    connection = connections[using]
    if connection.vendor == "sqlite":
        copy = folder / DATABASE_FILES["sqlite"]
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
            counts = _count_rows(target.cursor(), _sqlite_tables(target.cursor()), connection.ops.quote_name)
        finally:
            target.close()
        return "sqlite", counts
    if connection.vendor != "postgresql":
        raise BackupError(f"不支持备份 {connection.vendor} 数据库")
    dump = folder / DATABASE_FILES["postgresql"]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        # The dump and the counts read the same snapshot, whatever is written meanwhile.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={dump}",
            ],
            connection.settings_dict,
        )
        counts = table_counts(using)
    return "postgresql", counts


def _add(archive: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with path.open("rb") as stream:
        checksum = sha256_of(stream)
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as stream:
        archive.addfile(info, stream)
    return {"path": name, "sha256": checksum, "size": info.size}


def backup_create(*, destination: Path, media_root: Path, using: str = "default") -> dict[str, Any]:
    """Write the archive to ``destination`` (first under a temporary name, so a failed backup leaves no
    file that looks complete); returns its manifest."""
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as work:
        vendor, counts = _dump_database(Path(work), using)
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w") as archive:
            files = [_add(archive, Path(work) / DATABASE_FILES[vendor], DATABASE_FILES[vendor])]
            for path in sorted(media_root.rglob("*")) if media_root.is_dir() else []:
                if path.is_file() and not path.is_symlink():
                    files.append(_add(archive, path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}"))
            manifest = {
                "format": FORMAT,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "database": {"vendor": vendor, "file": DATABASE_FILES[vendor], "tables": counts},
                "files": files,
            }
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(datetime.datetime.now(datetime.UTC).timestamp())
            archive.addfile(info, _BytesReader(body))
        os.replace(partial, destination)
    return manifest


class _BytesReader:
    def __init__(self, body: bytes) -> None:
        self.body, self.at = body, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.body) if size < 0 else self.at + size
        chunk, self.at = self.body[self.at : end], min(end, len(self.body))
        return chunk


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and bool(path.parts)


def archive_unpack(*, source: Path, into: Path) -> dict[str, Any]:
    """Unpack and check the archive into the folder ``into``; returns its manifest. Refuses (BackupError)
    an archive that cannot be read, has no manifest, or whose members do not match it exactly."""
    try:
        with tarfile.open(source, "r:*") as archive:
            members = archive.getmembers()
            names = [member.name for member in members]
            if MANIFEST not in names:
                raise BackupError("备份不完整：缺少清单 manifest.json，未恢复任何数据")
            manifest = json.load(archive.extractfile(MANIFEST))
            if manifest.get("format") != FORMAT:
                raise BackupError("备份格式不受支持，未恢复任何数据")
            expected = {item["path"]: item for item in manifest["files"]}
            for member in members:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or not _safe_name(member.name) or member.name not in expected:
                    raise BackupError(f"备份中有清单之外的内容：{member.name}，未恢复任何数据")
                target = into / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as stream, target.open("wb") as out:
                    shutil.copyfileobj(stream, out, CHUNK)
                with target.open("rb") as written:
                    if sha256_of(written) != expected.pop(member.name)["sha256"]:
                        raise BackupError(
                            f"校验不符：{member.name} 与清单记录的 SHA-256 不同，未恢复任何数据"
                        )
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError) as error:
        raise BackupError(f"备份文件无法读取（{type(error).__name__}），未恢复任何数据") from error
    if expected:
        missing = ", ".join(sorted(expected)[:5])
        raise BackupError(f"备份不完整：缺少 {len(expected)} 个文件（{missing}），未恢复任何数据")
    return manifest


def _restore_database(folder: Path, manifest: dict[str, Any], using: str) -> dict[str, int]:
    connection = connections[using]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"备份的是 {vendor} 数据库，当前配置的是 {connection.vendor}，未恢复任何数据")
    dump = folder / manifest["database"]["file"]
    if vendor == "postgresql":
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(dump)],
            connection.settings_dict,
        )  # fmt: skip
    else:
        target = Path(connection.settings_dict["NAME"])
        connection.close()
        staged = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(dump, staged)
        os.replace(staged, target)
    with connection.cursor() as cursor:
        return _count_rows(cursor, list(manifest["database"]["tables"]), connection.ops.quote_name)


def _restore_media(folder: Path, media_root: Path) -> Path | None:
    """Put the unpacked files in place of MEDIA_ROOT; what was there is kept beside it, renamed."""
    unpacked = folder / MEDIA
    unpacked.mkdir(exist_ok=True)
    kept = None
    if media_root.exists() and any(media_root.iterdir()):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
        os.replace(media_root, kept)
    elif media_root.exists():
        media_root.rmdir()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(unpacked), str(media_root))
    return kept


def backup_restore(*, source: Path, media_root: Path, using: str = "default") -> Restored:
    """Check the whole archive, then replace the database and the uploaded files with its contents."""
    media_root = media_root.resolve()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        folder = Path(work)
        manifest = archive_unpack(source=source, into=folder)
        counts = _restore_database(folder, manifest, using)
        if counts != manifest["database"]["tables"]:
            differing = sorted(
                name for name in counts if counts[name] != manifest["database"]["tables"][name]
            )
            raise BackupError(f"恢复后的行数与清单不一致：{', '.join(differing[:5])}")
        kept = _restore_media(folder, media_root)
    files = sum(1 for item in manifest["files"] if item["path"].startswith(f"{MEDIA}/"))
    return Restored(tables=len(counts), rows=sum(counts.values()), files=files, media_kept_at=kept)
