"""Backup and restore as an operator runs them: ``manage.py backup`` in the running platform, then
``manage.py restore`` into a scratch database and media folder by another process, which then serves
a material for download. SQLite locally; PostgreSQL (pg_dump / pg_restore) in CI."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.test import APIClient

from core.backups import MANIFEST, table_counts
from filing.models import ApplicationMaterial
from tests.celery_support import PROJECT_DIR, database_url
from tests.factories import PASSWORD, FilingApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Run in the restored platform: its row counts, one material downloaded by a street account, and
# what the API answers to every key the copy holds and to the token its holder was given.
CHECK = """
import hashlib, json, os, sys
import django
django.setup()
from django.conf import settings
settings.MEDIA_ROOT = os.environ["CHECK_MEDIA_ROOT"]
from django.test import Client
from django.urls import reverse
from core.backups import table_counts
from registry.models import User
counts = table_counts()  # before the download below adds its session and audit event
client = Client()
client.force_login(User.objects.unrestricted().get(username="street_a"))
download = client.get(reverse("material-download", args=[int(os.environ["CHECK_MATERIAL"])]))
body = b"".join(download.streaming_content) if download.status_code == 200 else b""
from rest_framework.authtoken.models import Token
def answer(key):
    return Client().get("/api/v1/organizations/", HTTP_AUTHORIZATION="Token " + key).status_code
stored = [answer(key) for key in Token.objects.values_list("key", flat=True)]
sha256 = hashlib.sha256(body).hexdigest()
print(json.dumps({"counts": counts, "download": download.status_code, "sha256": sha256,
                  "stored_keys": stored, "issued_key": answer(os.environ["CHECK_TOKEN"])}))
"""


@pytest.fixture
def scratch(tmp_path):
    """An empty database to restore into (a file for SQLite, a database of its own for PostgreSQL)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url({**connection.settings_dict, "NAME": name})
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def in_scratch(url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": "",
        "ALLOWED_HOSTS": "testserver",
        "REQUEST_LOG_LEVEL": "WARNING",
        **env,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def platform(vocabularies, personas, tree, tmp_path, settings):
    """Organizations, an application with its materials on disk, and a working API token."""
    settings.MEDIA_ROOT = tmp_path / "media"
    application = FilingApplicationFactory(actor=personas["street_a"], community=tree.community_a)
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "street_a", "password": PASSWORD}, format="json"
    )
    token = response.json()["token"]
    assert APIClient().get("/api/v1/organizations/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    material = ApplicationMaterial.objects.unrestricted().filter(application=application).first()
    return {"material": material, "token": token, "media": Path(settings.MEDIA_ROOT)}


def database_text(archive: Path, tmp_path: Path) -> bytes:
    """The database member as readable bytes (pg_restore turns the custom format back into SQL)."""
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        member = manifest["database"]["file"]
        tar.extract(member, tmp_path, filter="data")
    if manifest["database"]["vendor"] == "sqlite":
        return (tmp_path / member).read_bytes()
    return subprocess.run(
        ["pg_restore", "--file=-", str(tmp_path / member)], capture_output=True, check=True
    ).stdout


def test_a_backup_restores_into_a_scratch_database_and_media_folder(platform, scratch, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    source_counts = table_counts()
    material_path = platform["media"] / platform["material"].file.name
    source_sha = hashlib.sha256(material_path.read_bytes()).hexdigest()

    media = tmp_path / "restored-media"
    restore = in_scratch(scratch, "manage.py", "restore", str(archive), "--noinput", f"--media-root={media}")
    assert restore.returncode == 0, restore.stderr
    assert "恢复完成" in restore.stdout

    check = in_scratch(
        scratch,
        "-c",
        CHECK,
        CHECK_MEDIA_ROOT=str(media),
        CHECK_MATERIAL=str(platform["material"].pk),
        CHECK_TOKEN=platform["token"],
    )
    assert check.returncode == 0, check.stderr
    restored = json.loads(check.stdout.strip().splitlines()[-1])
    assert restored["counts"] == source_counts
    assert source_counts["filing_applicationmaterial"] >= 1 and source_counts["authtoken_token"] == 1
    assert restored["download"] == 200 and restored["sha256"] == source_sha
    # Only the token's digest was stored: nothing in the copy works as a token, and the raw key is in
    # no byte of the dump; the holder's own token keeps working on the restored platform.
    assert restored["stored_keys"] == [401]
    assert restored["issued_key"] == 200
    assert platform["token"].encode() not in database_text(archive, tmp_path / "dump")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
    for item in manifest["files"]:
        if item["path"].startswith("media/"):
            restored_file = media / item["path"].removeprefix("media/")
            assert hashlib.sha256(restored_file.read_bytes()).hexdigest() == item["sha256"]


def rewrite(archive: Path, target: Path, *, drop: str = "", alter: str = "", last: bool = True) -> None:
    """A copy of the archive with the member whose name starts with ``drop`` left out, the one starting
    with ``alter`` changed, or cut before its manifest (``last=False``)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source.getmembers():
            if (drop and member.name.startswith(drop)) or (member.name == MANIFEST and not last):
                continue
            body = source.extractfile(member).read()
            if member.name.startswith(alter) and alter:
                body = body[:-1] + bytes([body[-1] ^ 1])
            copy.addfile(member, io.BytesIO(body))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"last": False}, "缺少清单"),
        ({"alter": "media/"}, "校验不符"),
        ({"alter": "database."}, "校验不符"),
        ({"drop": "database."}, "备份不完整"),
    ],
)
def test_a_partial_or_altered_archive_is_refused_and_nothing_is_touched(platform, tmp_path, change, message):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    broken = tmp_path / "broken.tar"
    rewrite(archive, broken, **change)
    media = tmp_path / "live-media"
    media.mkdir()
    (media / "kept.txt").write_text("still here")
    before = table_counts()

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(broken), "--noinput", f"--media-root={media}", stdout=io.StringIO())

    assert [path.name for path in media.iterdir()] == ["kept.txt"]
    assert table_counts() == before


def test_a_truncated_archive_is_refused(platform, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    cut = tmp_path / "cut.tar"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match=r"备份不完整|无法读取"):
        call_command("restore", str(cut), "--noinput", f"--media-root={tmp_path / 'm'}", stdout=io.StringIO())


def test_a_backup_never_overwrites_an_existing_file(platform, tmp_path):
    archive = tmp_path / "backup.tar"
    archive.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="文件已存在"):
        call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.read_bytes() == b"an older backup"
