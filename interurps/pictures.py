"""Pictures of the app: union logos, portraits of people and photos of the report's sections.

An uploaded file is accepted when Pillow reads it as a JPEG, PNG or WebP image of at most
`MAX_UPLOAD_BYTES` (5 Mo), `MAX_SIDE` pixels a side and `MAX_PIXELS` pixels in all (a larger
header, a decompression bomb, is refused before any pixel is decoded). It is then stored
re-encoded (PNG, or JPEG for an opaque photograph), turned upright and scaled down to
`STORED_SIDE` pixels a side: no metadata of the original (GPS position…) is kept, and the PDF
embeds pictures of a sensible weight. Files go under MEDIA_ROOT in `images/`; pages show them
through `interurps:picture` (login and role required) and the PDF renderer reads them through
its own URL fetcher (`interurps.pdf`), never from a public URL.

The demo gives each union and each person a neutral picture generated here (initials on a
coloured disc), marked as a demonstration by its credit.
"""

import hashlib
import importlib.resources
import io
import warnings
from pathlib import PurePosixPath

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000
MAX_PIXELS = 24_000_000
STORED_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# Every picture is stored under this folder of MEDIA_ROOT: the PDF fetcher reads nothing else there.
MEDIA_FOLDER = "images"
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")
DEMO_CREDIT = "Image de démonstration générée"

LIMITS_HELP = "JPEG, PNG ou WebP ; 5 Mo au plus, 6 000 pixels de côté au plus."
NOT_AN_IMAGE = "Ce fichier n'est pas une image lisible : déposez une image JPEG, PNG ou WebP."
WRONG_FORMAT = "Format d'image non accepté ({format}) : déposez une image JPEG, PNG ou WebP."
TOO_HEAVY = "Ce fichier pèse {size} Mo : 5 Mo au plus."
TOO_LARGE = (
    "Cette image est trop grande ({width} × {height} pixels) : 6 000 pixels de côté et 24 millions de pixels au plus."
)
BOMB = "Cette image annonce des millions de pixels de trop : 6 000 pixels de côté et 24 millions de pixels au plus."


def logo_path(instance, filename):
    return f"{MEDIA_FOLDER}/logos/{filename}"


def portrait_path(instance, filename):
    return f"{MEDIA_FOLDER}/portraits/{filename}"


def photo_path(instance, filename):
    return f"{MEDIA_FOLDER}/photos/{instance.edition.year}/{filename}"


def is_picture_name(name):
    """Whether a storage name is a picture's (under MEDIA_FOLDER, no way out of it)."""
    path = PurePosixPath(name)
    return (
        len(path.parts) > 1
        and path.parts[0] == MEDIA_FOLDER
        and not path.is_absolute()
        and ".." not in path.parts
        and "\\" not in name
        and path.suffix.lower() in PICTURE_SUFFIXES
    )


def read_picture(uploaded):
    """Check an uploaded file and return it re-encoded as a new upload; raise a ValidationError in French."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(TOO_HEAVY.format(size=f"{uploaded.size / 1024 / 1024:.1f}".replace(".", ",")))
    uploaded.seek(0)
    content = uploaded.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            width, height = image.size
            if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                raise forms.ValidationError(TOO_LARGE.format(width=width, height=height))
            if image.format not in ACCEPTED_FORMATS:
                raise forms.ValidationError(WRONG_FORMAT.format(format=image.format or "inconnu"))
            if not is_complete(content, image.format):
                raise forms.ValidationError(NOT_AN_IMAGE)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise forms.ValidationError(BOMB) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise forms.ValidationError(NOT_AN_IMAGE) from error
    return encode(image, PurePosixPath(uploaded.name or "image").stem)


def is_complete(content, image_format):
    """Whether the file goes to its format's end marker. Pillow cannot say: WeasyPrint, once imported, sets
    `ImageFile.LOAD_TRUNCATED_IMAGES` for the whole process, and a cut file then loads with grey at its end."""
    tail = content[-64:]
    if image_format == "PNG":
        return b"IEND" in tail
    if image_format == "JPEG":
        return b"\xff\xd9" in tail
    return int.from_bytes(content[4:8], "little") + 8 <= len(content)  # WebP: the RIFF header's size


def encode(image, stem):
    """The image upright, at most STORED_SIDE a side, without metadata: PNG, or JPEG when it is an opaque photo."""
    source_format = image.format
    image = ImageOps.exif_transpose(image)
    image.thumbnail((STORED_SIDE, STORED_SIDE))
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    output = io.BytesIO()
    if source_format == "JPEG" and not has_alpha:
        image.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
        extension, content_type = "jpg", "image/jpeg"
    else:
        image.convert("RGBA" if has_alpha else "RGB").save(output, "PNG", optimize=True)
        extension, content_type = "png", "image/png"
    name = f"{slugify(stem)[:60] or 'image'}.{extension}"
    return SimpleUploadedFile(name, output.getvalue(), content_type=content_type)


class PictureInput(forms.ClearableFileInput):
    """The file input, with the current picture shown through its view (not a media URL nobody serves)."""

    template_name = "partials/picture_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        context["widget"]["picture_url"] = picture_url(value) if value and instance and instance.pk else ""
        return context


def picture_url(picture):
    """The page URL of a stored picture (a FieldFile of a logo, a portrait or a photo)."""
    from django.urls import reverse

    from interurps.views.pictures import PICTURE_VIEWS

    return reverse(PICTURE_VIEWS[type(picture.instance)].url_name, args=[picture.instance.pk])


class PictureFormField(forms.ImageField):
    """An upload checked by `read_picture` (French messages, size and dimension limits) and stored re-encoded."""

    def __init__(self, **kwargs):
        kwargs["help_text"] = kwargs.get("help_text") or LIMITS_HELP  # the model field passes its empty one
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def to_python(self, data):
        if data in self.empty_values:
            return None
        return read_picture(data)


class PictureField(models.ImageField):
    """An ImageField whose forms (staff pages and admin) use PictureFormField."""

    def formfield(self, **kwargs):
        # Also in the admin, whose own widget would link to the media URL.
        return super().formfield(**{"form_class": PictureFormField, **kwargs, "widget": PictureInput})


# --- Demonstration pictures --------------------------------------------------------------------------------------

DEMO_SIDE = 240
# Muted colours that read well under white initials (contrast ratio above 4.5).
DEMO_COLOURS = ["#1f5f8b", "#6a4c93", "#2d6a4f", "#9a3412", "#0f766e", "#7c2d12", "#3f3f46", "#1e40af"]


def initials(text):
    words = [word for word in text.replace("-", " ").split() if word[:1].isalpha()]
    return "".join(word[0].upper() for word in words[:2]) or "?"


def demo_font(size):
    """Lato Bold from the installed font-lato package (the report's font); Pillow's own font if it is missing."""
    try:
        path = importlib.resources.files("font_lato") / "files" / "Lato-Bold.ttf"
        return ImageFont.truetype(str(path), size)
    except (ModuleNotFoundError, OSError):
        return ImageFont.load_default(size)


def demo_lines(label):
    """A logo's name on lines short enough to be read: "URPS Masseurs-kinésithérapeutes" on three lines."""
    lines = []
    for word in label.split():
        if len(word) > 12 and "-" in word:
            head, tail = word.split("-", 1)
            lines += [f"{head}-", tail]
        else:
            lines.append(word)
    return lines


def fitted_font(lines, size, room):
    """The font at `size`, or smaller until every line fits in `room` pixels."""
    font = demo_font(size)
    while size > 12 and max(font.getlength(line) for line in lines) > room:
        size -= 2
        font = demo_font(size)
    return font


def demo_picture(label, name, shape="disc"):
    """A PNG upload: `label` in white on a disc (a portrait's initials) or a rounded square (a logo's name).

    A logo's first word ("URPS") is large, the rest (the profession) on lines of one size. The colour follows
    `name`, so the same person or union always gets the same picture.
    """
    colour = DEMO_COLOURS[int(hashlib.sha256(name.encode()).hexdigest(), 16) % len(DEMO_COLOURS)]
    image = Image.new("RGBA", (DEMO_SIDE, DEMO_SIDE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    box = (4, 4, DEMO_SIDE - 4, DEMO_SIDE - 4)
    centre = DEMO_SIDE / 2
    if shape == "disc":
        draw.ellipse(box, fill=colour)
        draw.text((centre, centre), label, font=fitted_font([label], 104, DEMO_SIDE * 0.6), fill="white", anchor="mm")
    else:
        draw.rounded_rectangle(box, radius=36, fill=colour)
        head, *rest = demo_lines(label)
        head_font = fitted_font([head], 88 if not rest else 52, DEMO_SIDE * 0.8)
        if rest:
            rest_font = fitted_font(rest, 30, DEMO_SIDE * 0.86)
            heights = [head_font.size * 1.25] + [rest_font.size * 1.25] * len(rest)
            y = centre - sum(heights) / 2
            for line, font, height in zip([head, *rest], [head_font] + [rest_font] * len(rest), heights, strict=True):
                draw.text((centre, y + height / 2), line, font=font, fill="white", anchor="mm")
                y += height
        else:
            draw.text((centre, centre), head, font=head_font, fill="white", anchor="mm")
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return SimpleUploadedFile(f"demo-{slugify(name)[:60]}.png", output.getvalue(), content_type="image/png")


def give_demo_pictures(unions, people):
    """Give every union without a logo and every person without a portrait a generated one, credited as demo."""
    for union in unions:
        if not union.logo:
            picture = demo_picture(union.short_name, union.code, "square")
            union.logo_credit = DEMO_CREDIT
            union.logo.save(picture.name, picture, save=False)
            union.save(update_fields=["logo", "logo_credit"])
    for person in people:
        if not person.portrait:
            picture = demo_picture(initials(f"{person.first_name} {person.last_name}"), person.full_name)
            person.portrait_credit = DEMO_CREDIT
            person.portrait.save(picture.name, picture, save=False)
            person.save(update_fields=["portrait", "portrait_credit"])


def load_demo_pictures():
    """The demo's pictures: a logo for every union, a portrait for every signatory and every union member named.

    Called at the end of the demo's loading (interurps.demo.load); a record that has a picture keeps it.
    """
    from interurps.models import Person, ReportSignatory, Union

    signatories = ReportSignatory.objects.filter(person__isnull=False).values("person")
    people = Person.objects.filter(models.Q(pk__in=signatories) | models.Q(union__isnull=False))
    give_demo_pictures(Union.objects.all(), people.order_by("pk"))
