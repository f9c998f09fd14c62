"""Settings for benchmarks: Porchlight's own, plus one bare view to compare against."""

from config.env import env_bool
from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# bench/login_flood.py: the flood with sign-in protection off, for comparison.
AXES_ENABLED = env_bool("BENCH_AXES_ENABLED", True)

# bench/run.py: each answer says how many SQL queries it made (X-Bench-Queries).
if env_bool("BENCH_COUNT_QUERIES", False):
    MIDDLEWARE = ["bench.queries.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
