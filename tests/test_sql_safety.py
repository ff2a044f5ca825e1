"""No SQL is assembled from values: every f-string or .format() that builds SQL interpolates only
module constants (UPPER_CASE names), joins of them, or the fixed fragments a function chose itself
(placeholders, WHERE clauses made of constant pieces); values always travel as bound parameters. The
API's filters are tried with injection strings in tests/api/test_app.py."""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "flashpoint"
SQL_WORDS = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ", "COPY ", "CREATE ", "ALTER ", "DROP ")
# Names a SQL f-string may interpolate besides constants: fragments built from constants in the same
# function, each checked by reading it (the WHERE list of fixed conditions, a table or column list
# from a module tuple, a dyad condition from Dyad.where, the casts of writes.columnar_insert whose
# types come from the store's catalog).
FRAGMENTS = {"where", "cond", "conds", "table", "cols", "t", "k", "_COLUMNS", "placeholders", "unnests"}


def _allowed(expr: ast.expr) -> bool:
    counted = {id(n) for c in ast.walk(expr) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
               and c.func.id == "len" for n in ast.walk(c)}        # len(row): a count of placeholders
    names = {n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and id(n) not in counted}
    calls = [n for n in ast.walk(expr) if isinstance(n, ast.Call)]
    safe_calls = all(isinstance(c.func, ast.Attribute) and c.func.attr == "join" or
                     isinstance(c.func, ast.Name) and c.func.id == "len" for c in calls)
    return safe_calls and all(n.isupper() or n in FRAGMENTS or n in ("c", "_") for n in names)


def _sql_strings():
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant)).upper()
                if any(w in text for w in SQL_WORDS) and any(k in text for k in (" FROM ", " INTO ", " SET ", " WHERE ")):
                    yield path, node.lineno, [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
                  and isinstance(node.func.value, ast.Name) and node.func.value.id.endswith("_SQL")):
                yield path, node.lineno, [kw.value for kw in node.keywords] + list(node.args)


def test_sql_is_never_built_from_values():
    found = list(_sql_strings())
    assert len(found) >= 5, "the scan found no SQL strings: it is not looking where the code is"
    bad = [f"{p.relative_to(SRC)}:{line}: {ast.unparse(e)}" for p, line, exprs in found for e in exprs
           if not (_allowed(e) or isinstance(e, ast.JoinedStr) and all(
               _allowed(v.value) for v in e.values if isinstance(v, ast.FormattedValue)))]
    assert not bad, "SQL built from something other than constants:\n" + "\n".join(bad)
