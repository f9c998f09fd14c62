"""gunicorn's settings for Porchlight: `gunicorn -c gunicorn.conf.py config.wsgi` (README).

gunicorn still reads its own environment: PORT (binds 0.0.0.0:$PORT), WEB_CONCURRENCY
(workers) and GUNICORN_CMD_ARGS; command-line options override what is set here.
"""

# The access log, on standard output, with manage, feed and notice tokens and unlisted
# events' share keys replaced by [token] and [key] (config/access_log.py): a link in a log
# would open a resident's RSVP to whoever reads the log.
accesslog = "-"
logger_class = "config.access_log.RedactingLogger"
access_log_format = '%(h)s - %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
