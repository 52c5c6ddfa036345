"""Pictures: checked with Pillow, stored re-encoded under MEDIA_ROOT, served through our views and the PDF fetcher."""

import html
import io
import random
import re
import shutil
import struct
import tarfile
import zlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from interurps import pictures
from interurps.models import Person, SectionPhoto, Union
from interurps.pdf import PDF_BASE_URL, RefusedURL, StaticFilesURLFetcher, print_media_url
from interurps.report.assembly import assemble
from interurps.report.checklist import missing_before_publishing
from interurps.report.rendering import render_report_html, render_report_pdf
from interurps.rgpd import anonymise
from tests.factories import (
    PersonFactory,
    ReportEditionFactory,
    ReportSignatoryFactory,
    SectionPhotoFactory,
    picture,
    png_bytes,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(content, name="image.png"):
    return SimpleUploadedFile(name, content)


def read_error(content, name="image.png"):
    with pytest.raises(pictures.forms.ValidationError) as caught:
        pictures.read_picture(upload(content, name))
    return caught.value.messages[0]


def png_claiming(width, height):
    """A tiny PNG whose header announces `width` × `height` pixels (a decompression bomb's header)."""
    content = bytearray(png_bytes(size=(1, 1)))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(content[24:29])
    content[16:24] = struct.pack(">II", width, height)
    content[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(content)


def stored_bytes(field):
    with field.open("rb") as handle:
        return handle.read()


def union():
    return Union.objects.first() or Union.objects.create(
        code="test", name="URPS de test", short_name="T", profession="-"
    )


# --- What an upload must be -------------------------------------------------------------------------------------


def test_a_png_is_stored_as_a_png_under_its_own_name():
    stored = pictures.read_picture(upload(png_bytes(size=(40, 30)), "Logo URML.PNG"))

    assert stored.name == "logo-urml.png"
    with Image.open(stored) as image:
        assert (image.format, image.size) == ("PNG", (40, 30))


def test_a_jpeg_loses_its_metadata_and_is_scaled_down_to_the_stored_side():
    original = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Appareil de test"  # Make
    Image.new("RGB", (3200, 1000), "#336699").save(original, "JPEG", exif=exif)

    stored = pictures.read_picture(upload(original.getvalue(), "photo.jpg"))

    with Image.open(stored) as image:
        assert (image.format, image.size) == ("JPEG", (1600, 500))
        assert dict(image.getexif()) == {}


def test_a_webp_is_accepted_and_stored_as_png():
    original = io.BytesIO()
    Image.new("RGBA", (20, 20), (10, 20, 30, 128)).save(original, "WEBP")

    stored = pictures.read_picture(upload(original.getvalue(), "logo.webp"))

    assert stored.name == "logo.png"


def test_a_text_file_is_refused_in_french():
    assert read_error(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "logo.svg") == pictures.NOT_AN_IMAGE


def test_a_truncated_image_is_refused_in_french():
    noise = io.BytesIO()
    Image.frombytes("RGB", (200, 200), random.Random(0).randbytes(120_000)).save(noise, "PNG")

    assert read_error(noise.getvalue()[:5000]) == pictures.NOT_AN_IMAGE


def test_a_gif_is_refused_with_the_formats_accepted():
    assert read_error(png_bytes(image_format="GIF"), "anim.gif") == pictures.WRONG_FORMAT.format(format="GIF")


def test_a_file_over_5_mo_is_refused_before_it_is_read():
    big = upload(b"0" * (pictures.MAX_UPLOAD_BYTES + 1))

    with pytest.raises(pictures.forms.ValidationError) as caught:
        pictures.read_picture(big)

    assert caught.value.messages == ["Ce fichier pèse 5,0 Mo : 5 Mo au plus."]


def test_an_image_wider_than_6000_pixels_is_refused():
    assert read_error(png_claiming(6001, 10)) == pictures.TOO_LARGE.format(width=6001, height=10)


def test_a_header_announcing_too_many_pixels_is_refused_before_decoding():
    assert read_error(png_claiming(5000, 5000)) == pictures.TOO_LARGE.format(width=5000, height=5000)


def test_a_decompression_bomb_is_refused_in_french():
    assert read_error(png_claiming(60000, 60000)) == pictures.BOMB


def test_only_png_and_jpeg_names_under_the_pictures_folder_are_picture_names():
    assert pictures.is_picture_name("images/portraits/a.png")
    assert pictures.is_picture_name("images/photos/2021/a.JPG")
    assert not pictures.is_picture_name("images/../rapports/2021/rapport.pdf")
    assert not pictures.is_picture_name("rapports/2021/a.png")
    assert not pictures.is_picture_name("images/notes.txt")
    assert not pictures.is_picture_name("/images/a.png")


# --- Uploaded in the browser, served through our views ----------------------------------------------------------


def test_a_chargee_uploads_a_portrait_that_the_board_then_sees(staff_client, board_user):
    person = PersonFactory(first_name="Elsa", last_name="Benard")
    data = {"first_name": "Elsa", "last_name": "Benard", "portrait_credit": "Studio Nantes"}
    data["portrait"] = upload(png_bytes(size=(64, 64)), "elsa.png")

    response = staff_client.post(reverse("interurps:person_edit", args=[person.pk]), data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.portrait.name == "images/portraits/elsa.png"
    assert person.portrait_credit == "Studio Nantes"
    board = Client()
    board.force_login(board_user)
    served = board.get(reverse("interurps:person_portrait", args=[person.pk]))
    assert served["Content-Type"] == "image/png"
    assert "private" in served["Cache-Control"]
    assert served.content == stored_bytes(person.portrait)
    page = staff_client.get(reverse("interurps:person_edit", args=[person.pk])).content.decode()
    assert f'src="{reverse("interurps:person_portrait", args=[person.pk])}"' in page


def test_a_persons_page_shows_their_portrait_and_its_credit(board_client):
    person = PersonFactory(first_name="Elsa", last_name="Benard", portrait=picture("p.png"), portrait_credit="Studio")

    page = board_client.get(reverse("interurps:person", args=[person.pk])).content.decode()

    assert f'src="{reverse("interurps:person_portrait", args=[person.pk])}"' in page
    assert 'alt="Portrait d&#x27;Elsa BENARD"' in page
    assert "Studio" in page


def test_a_portrait_that_is_no_image_is_refused_on_the_form_and_nothing_is_saved(staff_client):
    person = PersonFactory(first_name="Elsa", last_name="Benard", profession="orthophoniste")
    data = {"first_name": "Elsa", "last_name": "Benard", "profession": "changée"}
    data["portrait"] = upload(b"%PDF-1.4 pas une image", "cv.png")

    response = staff_client.post(reverse("interurps:person_edit", args=[person.pk]), data)

    assert response.status_code == 200
    assert html.escape(pictures.NOT_AN_IMAGE) in response.content.decode()
    person.refresh_from_db()
    assert (person.portrait.name, person.profession) == ("", "orthophoniste")


def test_a_record_without_a_picture_answers_404(staff_client):
    person = PersonFactory()

    assert staff_client.get(reverse("interurps:person_portrait", args=[person.pk])).status_code == 404


def test_a_picture_whose_file_is_gone_answers_404(staff_client, media_root):
    person = PersonFactory(portrait=picture("p.png"))
    person.portrait.storage.delete(person.portrait.name)

    assert staff_client.get(reverse("interurps:person_portrait", args=[person.pk])).status_code == 404


def test_no_url_serves_the_media_folder_even_in_development(client, staff_user):
    person = PersonFactory(portrait=picture("p.png"))
    client.force_login(staff_user)

    assert print_media_url(person.portrait.name) == "/media/images/portraits/p.png"
    assert client.get(print_media_url(person.portrait.name)).status_code == 404


# --- The photos editor ------------------------------------------------------------------------------------------


def photos_data(**photo):
    data = {
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    return {**data, **{f"photos-0-{key}": value for key, value in photo.items()}}


def test_a_chargee_adds_a_photo_to_a_section_of_the_edition(staff_client):
    data = photos_data(
        section_key="financement",
        image=upload(png_bytes(size=(300, 200)), "seminaire.png"),
        alt_text="Une salle de réunion",
        caption="Le séminaire",
        credit="InterURPS",
        order="1",
    )

    response = staff_client.post(reverse("interurps:report_photos", args=[2021]), data)

    assert response.status_code == 302
    photo = SectionPhoto.objects.get()
    assert (photo.edition.year, photo.section_key, photo.alt_text) == (2021, "financement", "Une salle de réunion")
    assert photo.image.name == "images/photos/2021/seminaire.png"


def test_a_photo_without_alternative_text_is_refused(staff_client):
    data = photos_data(section_key="financement", image=upload(png_bytes(), "p.png"), alt_text="", order="1")

    response = staff_client.post(reverse("interurps:report_photos", args=[2021]), data)

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not SectionPhoto.objects.exists()


def test_a_photo_for_a_part_that_is_not_a_section_is_refused(staff_client):
    data = photos_data(section_key="presidents", image=upload(png_bytes(), "p.png"), alt_text="Texte", order="1")

    response = staff_client.post(reverse("interurps:report_photos", args=[2021]), data)

    assert response.status_code == 200
    assert not SectionPhoto.objects.exists()


def test_the_photos_editor_offers_the_sections_and_says_the_limits(staff_client):
    page = staff_client.get(reverse("interurps:report_photos", args=[2021])).content.decode()

    assert '<option value="financement">' in page
    assert 'value="presidents"' not in page
    assert "5 Mo au plus" in page


# --- In the report ----------------------------------------------------------------------------------------------


def report_with_pictures():
    edition = ReportEditionFactory(year=2021)
    logo_union = union()
    logo_union.logo.save("logo.png", picture(size=(120, 120)))
    person = PersonFactory(first_name="Elsa", last_name="Benard", portrait=picture("elsa.png", size=(90, 90)))
    ReportSignatoryFactory(edition=edition, person=person, name="", title="co-présidente")
    photo = SectionPhotoFactory(
        edition=edition,
        section_key="financement",
        alt_text="Des professionnels de santé autour d'une table",
        caption="Séminaire du 23 novembre",
        credit="Photo InterURPS",
    )
    return logo_union, person, photo


def alt_texts(pdf):
    """The /Alt entries of the PDF's structure tree, in its compressed streams: a UTF-16 hex string, or a literal
    string when the text is ASCII."""
    texts = []
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            content = zlib.decompress(stream.group(1))
        except zlib.error:
            continue
        for match in re.finditer(rb"/Alt (?:<feff([0-9a-f]*)>|\(((?:[^()\\]|\\.)*)\))", content):
            if match.group(1) is not None:
                texts.append(bytes.fromhex(match.group(1).decode()).decode("utf-16-be"))
            else:
                texts.append(re.sub(rb"\\(.)", rb"\1", match.group(2)).decode("latin-1"))
    return texts


def test_the_pdf_prints_the_logos_the_portraits_and_the_photos_with_their_alternative_texts(db):
    logo_union, person, photo = report_with_pictures()

    pdf = render_report_pdf(assemble(2021)).content

    assert {logo_union.name, person.portrait_alt, photo.alt_text} <= set(alt_texts(pdf))
    assert person.portrait_alt == "Portrait d'Elsa BENARD"


def test_the_print_html_reads_pictures_through_the_fetchers_media_urls(db, settings):
    logo_union, person, photo = report_with_pictures()

    page = render_report_html(assemble(2021))

    for stored in (logo_union.logo, person.portrait, photo.image):
        assert f'src="{settings.MEDIA_URL}{stored.name}"' in page
    assert "Séminaire du 23 novembre" in page
    assert "Crédit\u00a0: Photo InterURPS" in page


def test_the_preview_shows_the_photo_with_its_alt_text_through_our_view(staff_client):
    _, person, photo = report_with_pictures()

    page = staff_client.get(reverse("interurps:report", args=[2021])).content.decode()

    assert f'src="{reverse("interurps:report_photo", args=[photo.pk])}"' in page
    assert f'alt="{photo.alt_text}"'.replace("'", "&#x27;") in page
    assert f'src="{reverse("interurps:person_portrait", args=[person.pk])}"' in page


def test_the_checklist_lists_a_photo_without_alternative_text_and_the_demo_pictures(db):
    edition = ReportEditionFactory(year=2021)
    SectionPhotoFactory(edition=edition, section_key="financement", alt_text="", caption="Le séminaire")
    person = PersonFactory(portrait=picture("p.png"), portrait_credit=pictures.DEMO_CREDIT)
    ReportSignatoryFactory(edition=edition, person=person, name="")

    missing = missing_before_publishing(assemble(2021, preview=True))

    assert "La photo « Le séminaire » (Financement) n'a pas de texte alternatif." in missing
    assert any(line.startswith("1 image de démonstration") for line in missing)


def test_the_checklist_lists_a_photo_of_a_section_that_does_not_print(db):
    SectionPhotoFactory(edition=ReportEditionFactory(year=2021), section_key="disparue", caption="Vue")

    missing = missing_before_publishing(assemble(2021, preview=True))

    assert "La photo « Vue » est rattachée à une section qui ne s'imprime pas (disparue)." in missing


# --- The PDF fetcher --------------------------------------------------------------------------------------------


def test_the_fetcher_reads_a_stored_picture(db, settings):
    person = PersonFactory(portrait=picture("p.png"))

    response = StaticFilesURLFetcher().fetch(f"{PDF_BASE_URL.rstrip('/')}{settings.MEDIA_URL}{person.portrait.name}")

    assert response.read() == stored_bytes(person.portrait)
    assert response.content_type == "image/png"


@pytest.mark.parametrize(
    "path",
    [
        "rapports/2021/rapport.pdf",  # a published report: a media file that is not a picture
        "images/../rapports/2021/rapport.pdf",
        "images/%2e%2e/rapports/2021/rapport.pdf",
        "images/portraits/absent.png",
        "images/notes.txt",
    ],
)
def test_the_fetcher_refuses_every_other_media_file(db, settings, media_root, path):
    (media_root / "rapports" / "2021").mkdir(parents=True)
    (media_root / "rapports" / "2021" / "rapport.pdf").write_bytes(b"%PDF-1.4")
    (media_root / "images").mkdir()
    (media_root / "images" / "notes.txt").write_text("secret")

    with pytest.raises(RefusedURL):
        StaticFilesURLFetcher().fetch(f"{PDF_BASE_URL.rstrip('/')}{settings.MEDIA_URL}{path}")


def test_the_fetcher_refuses_a_picture_on_another_host(db, settings):
    person = PersonFactory(portrait=picture("p.png"))

    with pytest.raises(RefusedURL):
        StaticFilesURLFetcher().fetch(f"https://example.org{settings.MEDIA_URL}{person.portrait.name}")


# --- Demo, personal data ----------------------------------------------------------------------------------------


def test_the_demo_gives_each_union_a_logo_and_each_signatory_a_portrait_marked_as_demonstration(db):
    signatory = PersonFactory(first_name="Jean-Baptiste", last_name="Caillard")
    ReportSignatoryFactory(person=signatory, name="")
    stranger = PersonFactory(union=None)

    pictures.load_demo_pictures()
    pictures.load_demo_pictures()

    unions = list(Union.objects.all())
    assert unions and all(u.logo.name.startswith("images/logos/demo-") for u in unions)
    assert {u.logo_credit for u in unions} == {pictures.DEMO_CREDIT}
    signatory.refresh_from_db()
    assert signatory.portrait.name == "images/portraits/demo-jean-baptiste-caillard.png"
    assert signatory.portrait_credit == pictures.DEMO_CREDIT
    assert not Person.objects.get(pk=stranger.pk).portrait
    with Image.open(io.BytesIO(stored_bytes(signatory.portrait))) as image:
        assert image.size == (pictures.DEMO_SIDE, pictures.DEMO_SIDE)


def test_a_portraits_alternative_text_elides_de_before_a_vowel():
    assert PersonFactory.build(first_name="Elsa", last_name="Benard").portrait_alt == "Portrait d'Elsa BENARD"
    assert PersonFactory.build(first_name="Jean", last_name="Cassard").portrait_alt == "Portrait de Jean CASSARD"


def test_demo_initials_take_the_first_letters_of_two_names():
    assert pictures.initials("Jean-Baptiste CAILLARD") == "JB"
    assert pictures.initials("Richard Michelet") == "RM"


def test_anonymising_a_person_deletes_their_portrait(db, django_capture_on_commit_callbacks):
    person = PersonFactory(portrait=picture("p.png"), portrait_credit="Studio")
    storage, name = person.portrait.storage, person.portrait.name

    with django_capture_on_commit_callbacks(execute=True):
        anonymise(person)

    person.refresh_from_db()
    assert (person.portrait.name, person.portrait_credit) == ("", "")
    assert not storage.exists(name)


# --- Backups ----------------------------------------------------------------------------------------------------


def test_a_backup_holds_the_pictures_and_a_restore_puts_them_back(db, media_root, tmp_path):
    logo_union, person, photo = report_with_pictures()
    stored = {field.name: stored_bytes(field) for field in (logo_union.logo, person.portrait, photo.image)}
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())

    with tarfile.open(archive) as backup:
        assert {f"media/{name}" for name in stored} <= set(backup.getnames())
    if connection.vendor == "postgresql":  # TRUNCATE refuses pending deferred constraint checks
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    shutil.rmtree(media_root)
    call_command("restore", str(archive), "--no-migrate", stdout=io.StringIO())
    ContentType.objects.clear_cache()

    restored = Person.objects.get(last_name=person.last_name)
    assert stored_bytes(restored.portrait) == stored[person.portrait.name]
    assert stored_bytes(Union.objects.get(code=logo_union.code).logo) == stored[logo_union.logo.name]
    assert stored_bytes(SectionPhoto.objects.get().image) == stored[photo.image.name]
