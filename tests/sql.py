"""What a request did to the database, for tests that compare the work of two paths."""

import re

_TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?([\w.]+)"?')


def statements(ctx) -> list[tuple[str, str]]:
    """Each captured statement's verb and (first) table, in order: CaptureQueriesContext."""
    shapes = []
    for query in ctx.captured_queries:
        sql = query["sql"]
        table = _TABLE.search(sql)
        shapes.append((sql.split()[0].upper(), table.group(1) if table else ""))
    return shapes
