"""Certificates print in the typeface the platform ships, on any machine: every character is drawn
with a real glyph of an embedded font (text extraction alone would not notice boxes), a stale PDF
(made with another font or layout, or before a change) is rendered again, and approval does not
wait for the PDF."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from filing import certificate_font, services
from filing.certificates import (
    certificate_is_current,
    certificate_pdf,
    certificate_render,
    certificate_verification_url,
    current_renderer,
)
from filing.choices import ApplicationKind
from filing.models import Certificate
from filing.selectors_certificates import certificates_to_rerender
from registry.choices import Role
from tests.conftest import make_user
from tests.filing.conftest import advance, attach_required, pdf_text, stored_bytes
from tests.filing.conftest import reload_certificate as reload

BOX_PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"  # stands for a PDF of boxes
NO_FONT_HAS_IT = "\U0010fffd"  # a private-use character: no font draws it


def drawn_characters(data: bytes) -> tuple[set[str], set[str], list[str]]:
    """(characters drawn with their own glyph, characters drawn with a stand-in, base font names).

    Each font's ToUnicode map says which character a glyph id shows; the character is drawn for
    real only if the embedded font program maps that character to that very glyph and the glyph
    has an outline. A missing character gets a spare glyph id (WeasyPrint's .notdef box) that the
    font's own cmap does not give it."""
    real: set[str] = set()
    boxes: set[str] = set()
    names = []
    for reference in PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"].values():
        font = reference.get_object()
        names.append(str(font["/BaseFont"]))
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        program = next(descriptor[key] for key in ("/FontFile3", "/FontFile2") if key in descriptor)
        embedded = TTFont(io.BytesIO(program.get_object().get_data()))
        cmap, glyphs = embedded.getBestCmap(), embedded.getGlyphSet()
        to_unicode = font["/ToUnicode"].get_object().get_data().decode()
        assert "beginbfrange" not in to_unicode
        pairs = "".join(re.findall(r"beginbfchar(.*?)endbfchar", to_unicode, re.DOTALL))
        for gid, code in re.findall(r"<([0-9a-f]{4})> <([0-9a-f]+)>", pairs):
            character = bytes.fromhex(code).decode("utf-16-be")
            name = embedded.getGlyphOrder()[int(gid, 16)] if int(gid, 16) < len(glyphs) else None
            pen = BoundsPen(glyphs)
            if name is not None and cmap.get(ord(character)) == name:
                glyphs[name].draw(pen)
            if pen.bounds is not None or (character.isspace() and cmap.get(ord(character)) == name):
                real.add(character)
            else:
                boxes.add(character)
    return real, boxes, names


# -- the shipped typeface ----------------------------------------------------------------------------


def test_every_character_of_the_certificate_is_drawn_in_the_shipped_font(certificate):
    organization = certificate.organization
    rendered = certificate_pdf(certificate)

    real, boxes, names = drawn_characters(rendered.data)

    assert rendered.missing_characters == ""
    assert boxes == set()
    assert names and all(re.fullmatch(r"/[A-Z]{6}\+Certificate-Sans-SC(-Bold)?", name) for name in names)
    assert len(names) == 2  # regular and bold, nothing from the system
    shown = organization.name + organization.leader_name + "社区社会组织备案证书发证机关江滨街道办事处"
    assert set(shown) <= real


def test_a_character_no_font_has_is_reported_and_detected_as_a_box(certificate):
    certificate.organization.name = f"幸福里社区{NO_FONT_HAS_IT}互助站"

    rendered = certificate_pdf(certificate)

    assert rendered.missing_characters == NO_FONT_HAS_IT
    real, boxes, _ = drawn_characters(rendered.data)
    assert boxes == {NO_FONT_HAS_IT}
    assert set("幸福里社区互助站") <= real


def test_the_subset_covers_gb2312_and_the_certificate_template_in_both_weights():
    needed = certificate_font.gb2312_characters() | set(
        "社区社会组织备案证书（第版）扫码核验证书真伪及当前状态"
    )
    for name in certificate_font.FACES.values():
        cmap = TTFont(certificate_font.FONT_DIR / name).getBestCmap()
        assert {character for character in needed if ord(character) not in cmap} == set(), name


def test_the_subsetting_keeps_exactly_the_characters_asked_for(tmp_path):
    target = tmp_path / "subset.otf"
    source = certificate_font.FONT_DIR / certificate_font.FACES[400]

    glyphs = certificate_font.subset_font(
        source=source, family_name="Noto Sans CJK SC", characters=set("备案证书"), target=target
    )

    cmap = TTFont(target).getBestCmap()
    assert set(map(chr, cmap)) == set("备案证书")
    assert glyphs == 5  # the four and .notdef


def test_the_build_covers_the_project_s_own_text(tmp_path):
    from filing.management.commands.build_certificate_font import project_texts

    (tmp_path / "names.py").write_text('NAMES = ["珺琪舞蹈队"]', encoding="utf-8")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "other.py").write_text('"堃"', encoding="utf-8")

    characters = certificate_font.subset_characters(project_texts([tmp_path]))

    assert "珺" in characters and "堃" not in characters
    assert "珺" not in certificate_font.gb2312_characters()


def test_the_font_is_loaded_from_the_app_by_file_url():
    css = certificate_font.face_css()
    for name in certificate_font.FACES.values():
        assert (certificate_font.FONT_DIR / name).as_uri() in css
    assert (certificate_font.FONT_DIR / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1") == 1


def test_the_verification_url_is_printed_beside_the_qr_code(certificate):
    assert certificate_verification_url(certificate) in pdf_text(certificate_pdf(certificate).data)


# -- what made the stored PDF, and stale ones ----------------------------------------------------------


def test_render_records_what_made_the_pdf(certificate):
    certificate_render(certificate_id=certificate.pk)

    stored = reload(certificate)
    assert stored.renderer == current_renderer()
    assert certificate_font.font_version() in stored.renderer
    assert stored.missing_characters == ""
    assert certificate_is_current(stored) and stored.pdf_ready


def test_render_records_the_characters_it_could_not_draw(certificate):
    certificate.organization.name = f"幸福里社区{NO_FONT_HAS_IT}互助站"
    certificate.organization.save(update_fields=["name"])

    certificate_render(certificate_id=certificate.pk)

    assert reload(certificate).missing_characters == NO_FONT_HAS_IT


def legacy(certificate):
    """A certificate stored before the font shipped: a PDF, and no record of what made it."""
    certificate.pdf.save("boxes.pdf", ContentFile(BOX_PDF))
    return reload(certificate)


def test_a_pdf_from_before_is_stale_and_downloads_rendered_again(client, personas, certificate):
    old = legacy(certificate)
    assert not old.pdf_ready
    client.force_login(personas["street_a"])

    response = client.get(reverse("certificate-download", args=[certificate.pk]))

    body = b"".join(response.streaming_content)
    assert body != BOX_PDF
    assert drawn_characters(body)[1] == set()
    assert reload(certificate).renderer == current_renderer()
    assert reload(certificate).pdf.name != old.pdf.name


def test_a_current_pdf_is_served_as_stored(client, personas, certificate):
    name = certificate_render(certificate_id=certificate.pk)
    client.force_login(personas["street_a"])

    response = client.get(reverse("certificate-download", args=[certificate.pk]))

    assert b"".join(response.streaming_content) == stored_bytes(reload(certificate))
    assert reload(certificate).pdf.name == name


def test_the_command_renders_every_stale_certificate_again(world, certificate, capsys):
    current = services.certificate_issue(organization=world.orgs["b_filed"])
    certificate_render(certificate_id=current.pk)
    kept = reload(current).pdf.name
    unrendered = services.certificate_issue(organization=world.orgs["c_filed"])
    legacy(certificate)
    assert list(certificates_to_rerender()) == [certificate]

    call_command("rerender_certificates")

    assert reload(certificate).renderer == current_renderer()
    assert reload(current).pdf.name == kept  # a current one is left alone
    assert not reload(unrendered).pdf  # never rendered: left to its first download …
    call_command("rerender_certificates", "--unrendered")
    assert reload(unrendered).pdf_ready  # … unless asked for
    assert "1 份证书需要重新生成" in capsys.readouterr().out


def change_application(personas, organization):
    application = services.application_create(
        actor=personas["street_a"],
        kind=ApplicationKind.CHANGE,
        organization=organization,
        contact_name="王建国",
        contact_phone="13911112222",
        fact_date=timezone.localdate(),
        proposal={"venue": "幸福里社区文化活动室"},
    )
    attach_required(personas["street_a"], application)
    return advance(personas, application, "opinion_given")


def test_a_renewal_makes_the_stored_pdf_stale_until_rendered_again(
    personas, certificate, render_tasks, django_capture_on_commit_callbacks
):
    certificate_render(certificate_id=certificate.pk)
    Certificate.objects.unrestricted().filter(pk=certificate.pk).update(
        valid_until=timezone.localdate() + datetime.timedelta(days=5)
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.certificate_renew(actor=personas["street_a"], certificate_id=certificate.pk)
    assert not reload(certificate).pdf_ready  # the stored file still shows the old term
    for callback in callbacks:
        callback()

    assert render_tasks == [certificate.pk]
    assert reload(certificate).pdf_ready
    assert "（第2版）" in pdf_text(stored_bytes(reload(certificate)))


# -- approval answers at once; the pages say the PDF is being made ---------------------------------


@pytest.mark.django_db(transaction=True)
def test_approving_on_the_page_in_eager_mode_renders_once_the_response_is_out(
    client, settings, vocabularies, personas, draft, render_tasks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    application = advance(personas, draft, "opinion_given")
    client.force_login(personas["street_a"])

    response = client.post(
        reverse("application-action", args=[application.pk, "approve"]), {"confirmed": "yes"}
    )

    assert response.status_code == 302
    certificate = Certificate.objects.unrestricted().get(organization__name=draft.proposal["name"])
    assert render_tasks == [certificate.pk]  # run by request_finished, after the response was built
    assert reload(certificate).pdf_ready


def test_approving_a_change_renders_the_new_version(
    personas, world, render_tasks, django_capture_on_commit_callbacks
):
    organization = world.orgs["a_filed"]
    certificate = services.certificate_issue(organization=organization)
    certificate_render(certificate_id=certificate.pk)
    application = change_application(personas, organization)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(actor=personas["street_a"], application_id=application.pk)

    assert render_tasks == [certificate.pk]
    assert reload(certificate).version == 2 and reload(certificate).pdf_ready
    assert "（第2版）" in pdf_text(stored_bytes(reload(certificate)))


def test_the_organization_page_says_the_certificate_is_being_made_until_it_is(client, tree, certificate):
    client.force_login(
        make_user("org_filed", Role.ORGANIZATION, tree.community_a, organization=certificate.organization)
    )
    url = reverse("organization-detail", args=[certificate.organization_id])

    pending = client.get(url).content.decode()
    certificate_render(certificate_id=certificate.pk)
    ready = client.get(url).content.decode()

    assert "证书生成中" in pending and "data-certificate-pending" in pending
    assert "证书生成中" not in ready
    for page in (pending, ready):
        assert reverse("certificate-download", args=[certificate.pk]) in page
