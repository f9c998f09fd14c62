"""Examples shown in the OpenAPI document (/api/docs/): problems, events, RSVPs, rosters."""

PROBLEM_EXAMPLES = {
    400: {
        "type": "urn:porchlight:problem:invalid",
        "title": "Bad request",
        "status": 400,
        "detail": "Some fields are not valid.",
        "code": "invalid",
        "errors": {"email": ["Enter a valid email address."]},
    },
    401: {
        "type": "urn:porchlight:problem:not_authenticated",
        "title": "Not signed in",
        "status": 401,
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    },
    403: {
        "type": "urn:porchlight:problem:permission_denied",
        "title": "Not allowed",
        "status": 403,
        "detail": "You do not have permission to perform this action.",
        "code": "permission_denied",
    },
    404: {
        "type": "urn:porchlight:problem:not_found",
        "title": "Not found",
        "status": 404,
        "detail": "No such event.",
        "code": "not_found",
    },
    405: {
        "type": "urn:porchlight:problem:method_not_allowed",
        "title": "Method not allowed",
        "status": 405,
        "detail": 'Method "PUT" not allowed.',
        "code": "method_not_allowed",
    },
    406: {
        "type": "urn:porchlight:problem:not_acceptable",
        "title": "Not acceptable",
        "status": 406,
        "detail": "Could not satisfy the request Accept header.",
        "code": "not_acceptable",
    },
    409: {
        "type": "urn:porchlight:problem:rsvp_closed",
        "title": "Conflict",
        "status": 409,
        "detail": "This event has been cancelled.",
        "code": "rsvp_closed",
    },
    415: {
        "type": "urn:porchlight:problem:unsupported_media_type",
        "title": "Unsupported media type",
        "status": 415,
        "detail": 'Unsupported media type "text/plain" in request.',
        "code": "unsupported_media_type",
    },
    422: {
        "type": "urn:porchlight:problem:idempotency_key_reused",
        "title": "Unprocessable request",
        "status": 422,
        "detail": "This Idempotency-Key was used with a different request body.",
        "code": "idempotency_key_reused",
    },
    429: {
        "type": "urn:porchlight:problem:throttled",
        "title": "Too many requests",
        "status": 429,
        "detail": "Request was throttled. Expected available in 120 seconds.",
        "code": "throttled",
    },
    503: {
        "type": "urn:porchlight:problem:busy",
        "title": "Busy, try again",
        "status": 503,
        "detail": "This event is very busy right now. Please try again in a moment.",
        "code": "busy",
    },
}

# Any operation, while the database is unavailable (answered by ops/outage.py, outside DRF).
UNAVAILABLE_EXAMPLE = {
    "type": "urn:porchlight:problem:unavailable",
    "title": "Service unavailable",
    "status": 503,
    "detail": "Porchlight is briefly unavailable. Please try again in a minute.",
    "code": "unavailable",
}


EVENT_WRITE_EXAMPLE = {
    "title": "Coffee with a Cop — Eastside",
    "description": "Meet the officers who patrol your neighborhood.",
    "program": "coffee-with-a-cop",
    "venue": 1,
    "host": "police-department",
    "partners": ["eastside-library"],
    "officers": ["officer.garcia"],
    "start": "2026-12-02T18:30:00-08:00",
    "end": "2026-12-02T19:30:00-08:00",
    "timezone": "America/Los_Angeles",
    "capacity": 40,
    "max_party_size": 6,
    "visibility": "public",
}

EVENT_EXAMPLE = {
    "id": 12,
    "title": "Coffee with a Cop — Eastside",
    "language": "en",
    "start": "2026-12-02T18:30:00-08:00",
    "end": "2026-12-02T19:30:00-08:00",
    "timezone": "America/Los_Angeles",
    "status": "scheduled",
    "capacity": 40,
    "seats_left": 31,
    "waitlist_count": 0,
    "max_party_size": 6,
    "program": {"id": 1, "slug": "coffee-with-a-cop", "name": "Coffee with a Cop"},
    "venue": {
        "id": 1,
        "name": "Eastside Library",
        "address": "1200 E Main St",
        "neighborhood": {"slug": "eastside", "name": "Eastside", "district": "East"},
        "latitude": 45.5231,
        "longitude": -122.6765,
        "accessibility_notes": "Step-free entrance on the south side.",
        "map_url": "https://www.openstreetmap.org/?mlat=45.5231&mlon=-122.6765",
    },
    "host": {"id": 1, "slug": "police-department", "name": "Police Department"},
    "partners": [{"id": 3, "slug": "eastside-library", "name": "Eastside Library"}],
    "languages": [
        {"language": "en", "name": "English", "interpreted": False},
        {"language": "vi", "name": "Tiếng Việt", "interpreted": True},
    ],
    "url": "https://events.example.gov/events/12/",
    "ics_url": "https://events.example.gov/calendar/events/12.ics",
}

EVENT_DETAIL_EXAMPLE = {
    **EVENT_EXAMPLE,
    "description": "Meet the officers who patrol your neighborhood.",
    "visibility": "public",
    "cancellation_reason": "",
    "rsvp_open": True,
    "rsvp_closed_reason": None,
}


EVENT_BRIEF_EXAMPLE = {
    "id": 12,
    "title": "Coffee with a Cop — Eastside",
    "start": "2026-12-02T18:30:00-08:00",
    "end": "2026-12-02T19:30:00-08:00",
    "timezone": "America/Los_Angeles",
    "status": "scheduled",
    "url": "https://events.example.gov/events/12/",
    "ics_url": "https://events.example.gov/calendar/events/12.ics",
}

RSVP_EXAMPLE = {
    "event": EVENT_BRIEF_EXAMPLE,
    "name": "Ana Reyes",
    "reference": "",
    "status": "confirmed",
    "party_size": 2,
    "waitlist_position": None,
    "accessibility_needs": "",
    "phone": "",
    "sms_opt_in": False,
    "language": "en",
}

ROSTER_ROW_EXAMPLE = {
    "id": 301,
    "name": "Ana Reyes",
    "reference": "",
    "email": "ana@example.org",
    "phone": "+15035550100",
    "party_size": 2,
    "status": "confirmed",
    "waitlist_position": None,
    "accessibility_needs": "Step-free entrance, please.",
    "checked_in_at": "2026-12-02T18:34:10-08:00",
    "arrived": 2,
    "checked_in_by": "officer.garcia",
}

# A head-count RSVP on the roster: a size and a code, nothing that names anyone.
HEADCOUNT_ROW_EXAMPLE = {
    "id": 302,
    "name": "",
    "reference": "K7Q-M3X",
    "email": None,
    "phone": "",
    "party_size": 3,
    "status": "confirmed",
    "waitlist_position": None,
    "accessibility_needs": "",
    "checked_in_at": None,
    "arrived": None,
    "checked_in_by": None,
}

WALKIN_EXAMPLE = {
    "id": 7,
    "name": "",
    "head_count": 3,
    "recorded_at": "2026-12-02T18:40:00-08:00",
}
