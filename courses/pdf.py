"""The completion certificate as a PDF, drawn with fpdf2 (pure Python, no system
libraries, Unicode TrueType fonts with subsetting; its pages are plain text that a reader
such as pypdf can extract, which the tests rely on).

The words are in the language of the request (the coordinator's, or the applicant's
when a coordinator switches to it); the font is DejaVu Sans where the machine has it
(Latin, Cyrillic, Vietnamese), else the PDF core font Helvetica, whose Latin-1 covers
English and Spanish.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from fpdf import FPDF

from courses.models import Certificate

FONT_PATHS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)


def verification_url(code: str) -> str:
    return f"{settings.SITE_URL}/certificates/{code}/"


def hours_text(hours: Decimal) -> str:
    value = hours.normalize()
    shown = f"{value:f}"
    return ngettext("%(hours)s hour", "%(hours)s hours", 1 if value == 1 else 2) % {"hours": shown}


def _font(pdf: FPDF) -> str:
    for path in FONT_PATHS:
        if path.exists():
            pdf.add_font("DejaVu", "", str(path))
            return "DejaVu"
    return "Helvetica"


def certificate_pdf(
    certificate: Certificate, *, name: str, first_session: dt.date, program: str
) -> bytes:
    """The certificate of `name` (the holder's full name, from their application)."""
    course = certificate.course
    pdf = FPDF(orientation="landscape", format="Letter")
    pdf.set_title(gettext("Certificate of completion"))
    pdf.set_author(course.series.host.name)
    pdf.add_page()
    family = _font(pdf)
    width = pdf.w - 2 * pdf.l_margin

    def line(text: str, size: int, gap: float = 4) -> None:
        if family == "Helvetica":
            text = text.encode("latin-1", "replace").decode("latin-1")
        pdf.set_font(family, size=size)
        pdf.multi_cell(width, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.ln(18)
    line(gettext("Certificate of completion"), 30, 10)
    line(gettext("This certifies that"), 14)
    line(name, 28, 8)
    line(gettext("has completed the course"), 14)
    line(course.series.title, 22, 4)
    line(gettext("Program: %(program)s") % {"program": program}, 14)
    line(hours_text(certificate.hours), 14)
    line(
        gettext("From %(start)s to %(end)s")
        % {
            "start": date_format(first_session, "DATE_FORMAT"),
            "end": date_format(certificate.completed_on, "DATE_FORMAT"),
        },
        14,
        12,
    )
    line(gettext("Host: %(host)s") % {"host": course.series.host.name}, 12)
    code = certificate.code
    line(gettext("Verification code: %(code)s") % {"code": code}, 12, 2)
    line(gettext("Verify at %(url)s") % {"url": verification_url(code)}, 10)
    return bytes(pdf.output())
