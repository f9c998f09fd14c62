"""Plug-in points for apps layered above rsvp (accommodations, …): fields of their own on
the RSVP form, so rsvp imports none of them.

A part (registered from its AppConfig.ready()) has a `name`, `fields(event)` (the form
fields it adds, by name), optionally `adjust(form)` (after they are added), and
`clean(form, values)` (its fields' cleaned values to what it
wants handed on; it may call form.add_error). What it returns travels as
`extras[name]` to rsvp_create and on with the new RSVP's announcement (rsvp_changed).
"""

FORM_PARTS: list = []


def rsvp_form_part_register(part) -> None:
    if all(existing.name != part.name for existing in FORM_PARTS):
        FORM_PARTS.append(part)
