"""gunicorn's settings for Porchlight: `gunicorn -c gunicorn.conf.py config.wsgi` (README).

gunicorn still reads its own environment: PORT (binds 0.0.0.0:$PORT) and GUNICORN_CMD_ARGS;
WEB_CONCURRENCY (workers) and GUNICORN_THREADS (threads per worker) are read here;
command-line options override what is set here.
"""

import os


def _cpus() -> int:
    # The CPUs this process may run on (a container's or a systemd unit's limit), not the
    # machine's: os.cpu_count() would start 64 workers in a 2-CPU slice.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        return os.cpu_count() or 1


# gthread workers: a request spends most of its time waiting on the database (SQLite's
# write lock, PostgreSQL's round trips) or the cache, so threads serve others meanwhile at
# a fraction of a process's memory. One process per CPU (at least two, so a worker being
# recycled or stuck never leaves the site without one) and 4 threads each: more threads
# only queue on the GIL and, on SQLite, on the single writer.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, _cpus()))
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# A page that takes 30 s is stuck, not slow; a systemd stop (SIGTERM) ends within 10 s.
timeout = 30
graceful_timeout = 10
# Behind a reverse proxy that keeps connections open to us.
keepalive = 5

# The access log, on standard output, with manage, feed and notice tokens and unlisted
# events' share keys replaced by [token] and [key] (config/access_log.py): a link in a log
# would open a resident's RSVP to whoever reads the log.
accesslog = "-"
logger_class = "config.access_log.RedactingLogger"
access_log_format = '%(h)s - %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
