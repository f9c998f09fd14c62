"""gunicorn's logger with secret links redacted from the access log (gunicorn.conf.py).

Every value the access-log format can print (the request line, the path, the query, the
Referer and other headers, environ variables) goes through config.logging.redact.
"""

from gunicorn.glogging import Logger

from config.logging import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }
