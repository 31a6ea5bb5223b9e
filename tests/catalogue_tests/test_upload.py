"""A catalogue uploaded in the app: checked exactly as `load_catalogue` checks it, every
problem listed and nothing loaded when anything is wrong, a new version when it is right;
only for users an administrator gave the permission."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.catalogue_schema import CATALOGUE_DIR, CatalogueError, read_catalogue
from assessments.models import CatalogueVersion
from tests.builders import make_user

URL = "/catalogue/upload/"


@pytest.fixture
def curator(db):
    user = make_user("curator@firm.example")
    user.user_permissions.add(Permission.objects.get(codename="add_catalogueversion"))
    return user


def _files(**changes: str) -> dict[str, bytes]:
    """The shipped catalogue's files, with text replacements per file: {"netops": "a=>b"}."""
    files = {p.name: p.read_bytes() for p in CATALOGUE_DIR.glob("*.yaml")}
    for stem, change in changes.items():
        old, new = change.split("=>")
        name = f"{stem}.yaml"
        assert old.encode() in files[name], (name, old)
        files[name] = files[name].replace(old.encode(), new.encode(), 1)
    return files


def _zip(files: dict[str, bytes], folder: str = "catalogue/") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(folder + name, data)
        archive.writestr(folder + "README.md", "not YAML, left out")
    return SimpleUploadedFile("catalogue.zip", buffer.getvalue(), content_type="application/zip")


def test_a_valid_zip_becomes_a_new_version_and_the_same_content_again_changes_nothing(client, curator):
    client.force_login(curator)
    assert 'href="/catalogue/upload/"' in client.get(reverse("catalogue")).content.decode()
    files = _files(catalogue='version: "2026.11"=>version: "2026.12"')
    response = client.post(URL, {"files": _zip(files)}, follow=True)
    version = CatalogueVersion.latest()
    assert version is not None and version.label == "2026.12"
    assert "new assessments use it from now on" in response.content.decode()
    assert version.disciplines.count() == len(read_catalogue(CATALOGUE_DIR).disciplines)
    again = client.post(URL, {"files": _zip(files)}, follow=True)
    assert "already loaded" in again.content.decode() and CatalogueVersion.objects.count() == 1


def test_the_files_themselves_can_be_selected_instead_of_a_zip(client, curator):
    client.force_login(curator)
    uploads = [SimpleUploadedFile(name, data) for name, data in _files().items()]
    assert client.post(URL, {"files": uploads}).status_code == 302
    assert CatalogueVersion.objects.count() == 1


def test_an_invalid_catalogue_lists_the_same_problems_as_load_catalogue_and_loads_nothing(client, curator,
                                                                                         tmp_path):
    files = _files(netops="name: NetOps=>name: ''", secops="key: secops=>key: sec_ops")
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with pytest.raises(CatalogueError) as expected:
        read_catalogue(tmp_path)
    client.force_login(curator)
    page = client.post(URL, {"files": _zip(files)}).content.decode()
    assert f"nothing was loaded ({len(expected.value.problems)} problem" in page
    for problem in expected.value.problems:
        assert problem.replace("'", "&#x27;").replace('"', "&quot;") in page
    assert not CatalogueVersion.objects.exists()


@pytest.mark.parametrize(("upload", "reason"), [
    (SimpleUploadedFile("tool.exe", b"MZ"), "upload the catalogue&#x27;s .yaml files, or a .zip"),
    (SimpleUploadedFile("broken.zip", b"PK\x03\x04 not really"), "not a readable .zip file"),
    (SimpleUploadedFile("sysops.yaml", b"key: sysops\n"), "catalogue.yaml: missing"),
    (SimpleUploadedFile("catalogue.yaml", b"a: &x [1, 2]\nb: *x\n"), "uses YAML aliases"),
    (SimpleUploadedFile("catalogue.yaml", b"\xff\xfe not utf-8"), "not UTF-8 text"),
], ids=["not yaml", "broken zip", "no index", "aliases", "not utf-8"])
def test_an_upload_that_is_not_a_catalogue_is_refused_with_the_reason(client, curator, upload, reason):
    client.force_login(curator)
    page = client.post(URL, {"files": upload}).content.decode()
    assert "nothing was loaded" in page and reason in page
    assert not CatalogueVersion.objects.exists()


def test_only_users_with_the_permission_may_upload(client, owner):
    client.force_login(owner)  # a consultant without it
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"files": _zip(_files())}).status_code == 404
    assert 'href="/catalogue/upload/"' not in client.get(reverse("catalogue")).content.decode()
    assert not CatalogueVersion.objects.exists()
