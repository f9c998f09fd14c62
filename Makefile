# Porchlight: `make run` serves the site with demo data; `make test` runs the checks and the suite;
# `make test-fast` is the daily lane (no browser, no qcluster, no parallel-connection races,
# no database outages).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
# The processes and the links in feeds and e-mail follow it (config/settings.py SITE_URL).
export PORT

.PHONY: run test test-fast install migrate lint clean messages axe bench

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Porchlight needs Python 3.11 or newer (found %s)." % sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	@mkdir -p var
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py migrate

run: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py demo_data --if-empty
	@echo ""
	@echo "  Porchlight is starting at http://localhost:$(PORT)/"
	@echo "  Officer pages: http://localhost:$(PORT)/officers/   Admin: http://localhost:$(PORT)/admin/"
	@echo "  Demo logins (password 'porchlight'): coordinator, officer.garcia, officer.chen, staff.library, staff.bridges"
	@echo ""
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(VENV)/bin/honcho start -p $(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# axe-core for the accessibility tests (tests/a11y/): from the npm registry, checked against
# the sha512 pinned in tests/a11y/axe_core.py, into var/axe-core/. test-fast does not need it.
axe: install
	$(PY) -m tests.a11y.axe_core

test: lint axe
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-makemigrations-check} $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

test-fast: lint
	PORCHLIGHT_FUZZ_EXAMPLES=$${PORCHLIGHT_FUZZ_EXAMPLES:-25} \
	  $(VENV)/bin/pytest -m "not browser and not cluster and not concurrency and not outage" -q

# The bench (bench/run.py): serves the site with gunicorn.conf.py and loads it with wrk
# (apt install wrk); `make bench DB=pg` on PostgreSQL. Writes bench/RESULTS.md.
DB ?= sqlite
bench: install
	$(PY) bench/run.py $(DB)

# Update the catalogs from the code (needs GNU gettext: apt install gettext), then compile
# them in Python. The compiled .mo files are committed, so a fresh machine needs neither.
LANGS := es zh_Hans zh_Hant vi ru pa tl hmn
messages: install
	DJANGO_DEBUG=1 $(PY) manage.py makemessages $(addprefix -l ,$(LANGS)) --add-location file \
	  -i ".venv/*" -i "tests/*" -i "bench/*" -i "var/*" -i "staticfiles/*" -i "node_modules/*"
	DJANGO_DEBUG=1 $(PY) manage.py catalogs headers
	DJANGO_DEBUG=1 $(PY) manage.py catalogs compile
	DJANGO_DEBUG=1 $(PY) manage.py catalogs check || true

clean:
	rm -rf $(VENV) var/*.sqlite3*
