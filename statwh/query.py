"""``statwh query``: a user's SQL against the warehouse, which it may only read.

Two locks, each enough for most attacks, and together for all those we know of (issue 16):

1. The connection is confined. The warehouse is opened ``read_only``, with DuckDB's external
   access disabled (no other file can be read or written: ``read_csv``, ``read_text``, ``glob``,
   ``COPY ... TO``, ``EXPORT DATABASE``, ``ATTACH``, ``INSTALL``/``LOAD`` all fail) and its
   configuration locked (so no statement can turn external access back on). Extensions are
   neither installed nor loaded on demand, and Python variables are not scanned as tables.
   (DuckDB still lets such a connection ATTACH the warehouse's own file a second time, read-only;
   a read-write ATTACH of it fails, and the check below refuses ATTACH anyway.)
2. Only statements that read are run. DuckDB's own parser (``extract_statements``) splits the SQL
   and gives each statement's type; every statement must be allowed before any is run:

   * ``SELECT``: DuckDB's parser gives this type to every query, so it covers ``WITH ... SELECT``,
     ``FROM ...``, ``VALUES``, ``UNION``/``INTERSECT``/``EXCEPT``, ``PIVOT ... IN (...)``, and the
     introspection it rewrites as queries: ``DESCRIBE``, ``SHOW``, ``SHOW TABLES``, ``SUMMARIZE``;
   * ``EXPLAIN`` and ``EXPLAIN ANALYZE`` of an allowed ``SELECT``;
   * ``PRAGMA`` with one of the names in :data:`ALLOWED_PRAGMAS` (each is a read of the catalog:
     ``PRAGMA table_info('v_statistics')``, ``PRAGMA show_tables``, ...). Other pragmas change
     settings or write (``enable_profiling``, ``copy_database``, ``import_database``, ...).

   Everything else is refused: ``INSERT``, ``UPDATE``, ``DELETE``, ``MERGE``, ``CREATE``, ``DROP``,
   ``ALTER``, ``COPY``, ``EXPORT``, ``ATTACH``, ``DETACH``, ``INSTALL``, ``LOAD``, ``SET``,
   ``RESET``, ``USE``, ``CALL`` (``SELECT * FROM f(...)`` calls a table function as a query),
   ``CHECKPOINT``, ``VACUUM``, ``ANALYZE``, transactions, ``PREPARE``/``EXECUTE``, and a ``PIVOT``
   without an ``IN`` list (DuckDB runs it as several statements, creating a type first).
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from statwh.warehouse import WarehouseError, WarehouseInUse, missing_warehouse

# DuckDB settings of the confined connection (read_only is a separate argument of connect).
CONFINED_CONFIG = {
    "enable_external_access": False,     # no other file, database, URL or extension
    "lock_configuration": True,          # and no statement can change that, nor any other setting
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "python_enable_replacements": False,  # a table name never resolves to a Python variable
}

# Pragmas that only read the catalog or describe the engine.
ALLOWED_PRAGMAS = frozenset({
    "table_info", "show_tables", "show_tables_expanded", "show_databases", "database_list", "database_size",
    "storage_info", "version", "platform", "functions", "collations", "user_agent",
})

ALLOWED_SUMMARY = ("SELECT (with WITH, FROM, VALUES, UNION/INTERSECT/EXCEPT), DESCRIBE, SHOW, SUMMARIZE, "
                   "EXPLAIN [ANALYZE] of a SELECT, and PRAGMA " + ", ".join(sorted(ALLOWED_PRAGMAS)))

_T = duckdb.StatementType


class QueryRefused(Exception):
    """The SQL holds a statement that ``statwh query`` does not run; nothing has been run."""


def connect_confined(path: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse opened read-only, confined to itself (:data:`CONFINED_CONFIG`), or a
    :class:`WarehouseError` that says why it cannot be."""
    if not path.exists():
        raise missing_warehouse(path)
    try:
        return duckdb.connect(str(path), read_only=True, config=dict(CONFINED_CONFIG))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseInUse(f"{path} is in use by another process that is writing to it; "
                                 "try again when it has finished") from None
        raise WarehouseError(f"cannot open {path} as a DuckDB warehouse: {str(exc).splitlines()[0]}") from None
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open {path} as a DuckDB warehouse: {str(exc).splitlines()[0]}") from None


def read_statements(con: duckdb.DuckDBPyConnection, sql: str) -> list:
    """SQL split into statements by DuckDB's parser, each one allowed; :class:`QueryRefused`
    naming the first that is not (a syntax error is DuckDB's ``ParserException``)."""
    statements = con.extract_statements(sql)
    if not statements:
        raise QueryRefused("there is no SQL statement to run")
    for number, statement in enumerate(statements, 1):
        refused = refusal(con, statement)
        if refused:
            what = (f"statement {number} of {len(statements)}, {refused}, and ran none of them"
                    if len(statements) > 1 else refused)
            raise QueryRefused(f"refused {what}: `statwh query` only reads the warehouse (read-only). "
                               f"It runs {ALLOWED_SUMMARY}.")
    return statements


def refusal(con: duckdb.DuckDBPyConnection, statement) -> str | None:
    """None if the parsed statement only reads, else what it is ("a DELETE statement").

    >>> con = duckdb.connect()
    >>> [refusal(con, s) for s in con.extract_statements(
    ...     "with a as (select 1) select * from a; describe select 1; pragma table_info('t'); explain select 1")]
    [None, None, None, None]
    >>> [refusal(con, s) for s in con.extract_statements(
    ...     "delete from t; install httpfs; pragma enable_profiling; explain analyze delete from t; reset threads")]
    ['a DELETE statement', 'an INSTALL statement (DuckDB type LOAD)', 'PRAGMA enable_profiling', \
'EXPLAIN of a DELETE statement', 'a RESET statement (DuckDB type SET)']
    """
    kind = statement.type
    if kind == _T.SELECT:
        return None
    words = _words(statement.query)
    if kind == _T.PRAGMA:
        name = words[1].strip('"').lower() if len(words) > 1 and words[0].lower() == "pragma" else "?"
        return None if name in ALLOWED_PRAGMAS else f"PRAGMA {name}"
    if kind == _T.EXPLAIN:
        explained = _explained(con, statement.query)
        if explained is not None and explained.type == _T.SELECT:
            return None
        return "EXPLAIN of " + (_describe(explained.type, _words(explained.query)) if explained else "a statement")
    return _describe(kind, words)


def _describe(kind, words: list[str]) -> str:
    """'a DELETE statement', or with the statement's first word where DuckDB's type is another
    (INSTALL is of type LOAD, RESET and USE of SET, CHECKPOINT of CALL, ...)."""
    name = kind.name.replace("_", " ")
    first = words[0].upper() if words else name
    if first in (name, "WITH") or not first.isalpha():
        return f"{_article(name)} {name} statement"
    return f"{_article(first)} {first} statement (DuckDB type {name})"


def _article(word: str) -> str:
    return "an" if word[0] in "AEIO" or word.startswith(("UN", "UP")) else "a"


def _tokens(sql: str) -> list[tuple[int, int]]:
    """(start, end) byte offsets of the SQL's tokens, comments left out, by DuckDB's tokenizer
    (whose offsets count UTF-8 bytes)."""
    data = sql.encode("utf-8")
    found = duckdb.tokenize(sql)
    spans = []
    for index, (start, kind) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(data)
        if kind != duckdb.token_type.comment:
            spans.append((start, end))
    return spans


def _words(sql: str) -> list[str]:
    data = sql.encode("utf-8")
    return [data[start:end].decode("utf-8", "replace").strip() for start, end in _tokens(sql)]


def _explained(con: duckdb.DuckDBPyConnection, sql: str):
    """The statement an EXPLAIN explains: the first tail of its tokens, after EXPLAIN, that DuckDB's
    parser reads as one statement (EXPLAIN's options, ANALYZE or ``(FORMAT json)``, are no statement)."""
    data = sql.encode("utf-8")
    for start, _ in _tokens(sql)[1:]:
        try:
            tail = con.extract_statements(data[start:].decode("utf-8"))
        except (duckdb.Error, UnicodeDecodeError):
            continue
        return tail[0] if len(tail) == 1 else None
    return None


def run_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """Run the SQL's statements in order, once all are allowed; the last one's columns and rows."""
    columns: list[str] = []
    rows: list[tuple] = []
    for statement in read_statements(con, sql):
        cursor = con.execute(statement)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if columns else []
    return columns, rows


def failure_message(exc: duckdb.Error) -> str:
    """What to print when DuckDB refuses or fails a query: its whole message, hints and the
    pointer into the SQL included, after a plain sentence when it was reaching outside the warehouse."""
    text = str(exc).rstrip()
    if isinstance(exc, duckdb.PermissionException):
        return ("statwh: the query failed: `statwh query` reads only the warehouse; other files, databases, "
                f"URLs and extensions are out of its reach.\n{text}")
    return f"statwh: the query failed: {text}"
