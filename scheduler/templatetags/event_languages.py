"""How the languages at an event read on its page and card (scheduler/_event_languages.html)."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def language_names(rows) -> str:
    """Each language named in itself and marked as that language, so that a screen reader
    says "Tiếng Việt" the Vietnamese way: `<span lang="vi">Tiếng Việt</span>, …`."""
    return format_html_join(
        ", ", '<span lang="{}">{}</span>', ((r.language, r.name_local) for r in rows)
    )
