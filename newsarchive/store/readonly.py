"""Run a user's SQL on the archive safely: read-only file handle, query_only, a whitelist authorizer, a time limit."""

from __future__ import annotations

import base64
import math
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import ArchiveError, QueryError

# Pragmas that only read: allowed with an argument (a table or index name) or without one.
_PRAGMAS_WITH_ARGUMENT = frozenset(
    {"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
     "integrity_check", "quick_check", "foreign_key_check"}
)  # fmt: skip
_PRAGMAS_WITHOUT_ARGUMENT = _PRAGMAS_WITH_ARGUMENT | frozenset(
    {"database_list", "collation_list", "function_list", "module_list", "pragma_list", "compile_options",
     "page_count", "page_size", "freelist_count", "user_version", "schema_version", "application_id",
     "encoding", "journal_mode", "data_version", "foreign_keys", "query_only"}
)  # fmt: skip
_REFUSED_FUNCTIONS = frozenset({"load_extension", "fts3_tokenizer", "readfile", "writefile", "edit"})
_ALLOWED_ACTIONS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE})
# The first use of a virtual table on a connection (an FTS5 table, or a table-valued function such as
# pragma_table_info or json_each) declares its columns with a CREATE TABLE that SQLite compiles, UPDATE of
# sqlite_master included, and throws away unrun: the authorizer is asked about that UPDATE and must allow it.
# A user's own UPDATE of sqlite_master never gets that far: SQLite refuses it ("may not be modified") unless
# PRAGMA writable_schema is on, which is refused here; and the file is opened mode=ro with query_only on.
_ACTIONS = (
    "create index", "create table", "create temp index", "create temp table", "create temp trigger",
    "create temp view", "create trigger", "create view", "delete from", "drop index", "drop table",
    "drop temp index", "drop temp table", "drop temp trigger", "drop temp view", "drop trigger", "drop view",
    "insert into", "pragma", "read", "select", "transaction", "update", "attach", "detach", "alter table",
    "reindex", "analyze", "create virtual table", "drop virtual table", "function", "savepoint", "recursive",
)  # SQLite authorizer action codes 1..33, in order
PROGRESS_STEPS = 10_000
_SQL_BLANKS = " \t\n\f\r;"  # what SQLite skips between statements, besides comments


@dataclass
class QueryResult:
    """Columns and a row stream of a user query; `truncated` turns True once the row cap cut the stream."""

    columns: list[str]
    rows: Iterator[dict[str, Any]]
    max_rows: int
    truncated: bool = False


class _Guard:
    """Authorizer and progress handler of one read-only connection; remembers why it refused."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.refused: str | None = None

    def authorize(self, action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
        if action in _ALLOWED_ACTIONS or (action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master"):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() not in _REFUSED_FUNCTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA:
            allowed = _PRAGMAS_WITH_ARGUMENT if arg2 is not None else _PRAGMAS_WITHOUT_ARGUMENT
            if (arg1 or "").lower() in allowed:
                return sqlite3.SQLITE_OK
        if self.refused is None:
            self.refused = self._describe(action, arg1, arg2)
        return sqlite3.SQLITE_DENY

    @staticmethod
    def _describe(action: int, arg1: str | None, arg2: str | None) -> str:
        if action == sqlite3.SQLITE_PRAGMA:
            return f"PRAGMA {(arg1 or '').lower()}" + (f" = {arg2}" if arg2 is not None else "")
        if action == sqlite3.SQLITE_FUNCTION:
            return f"function {arg2}()"
        name = _ACTIONS[action - 1] if 0 < action <= len(_ACTIONS) else f"action {action}"
        return name.upper() + (f" {arg1}" if arg1 and action != sqlite3.SQLITE_ATTACH else "")

    def progress(self) -> int:
        return 1 if time.monotonic() > self.deadline else 0


def open_readonly(path: str | Path, timeout: float) -> tuple[sqlite3.Connection, _Guard]:
    """A connection that cannot change the file: mode=ro URI, query_only, whitelist authorizer, time limit."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"{path}: no such archive")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path}: {exc}") from None
    guard = _Guard(timeout)
    conn.set_authorizer(guard.authorize)
    conn.set_progress_handler(guard.progress, PROGRESS_STEPS)
    return conn, guard


def run_query(path: str | Path, sql: str, *, timeout: float = 5.0, max_rows: int = 1000) -> QueryResult:
    """Run one read-only statement; rows stream as dicts, at most `max_rows` of them.

    Anything that would write, attach a file, change a setting or load code is refused with QueryError,
    as is a query still running after `timeout` seconds (checked while rows are fetched too).
    """
    if not 0 < timeout < math.inf or max_rows <= 0:  # a nan or infinite timeout would never stop the query
        raise QueryError("--timeout must be a positive, finite number of seconds and --max-rows a positive count")
    if _holds_no_statement(sql):
        raise QueryError("empty query: no SQL statement given")
    conn, guard = open_readonly(path, timeout)
    try:
        cursor = conn.execute(sql)
    except (sqlite3.Error, ValueError) as exc:
        conn.close()
        raise _query_error(exc, guard) from None
    if cursor.description is None:
        conn.close()
        raise QueryError("the statement returns no rows; only queries that read are allowed")
    columns = [d[0] for d in cursor.description]
    result = QueryResult(columns, iter(()), max_rows)
    result.rows = _rows(conn, cursor, columns, guard, result)
    return result


def _holds_no_statement(sql: str) -> bool:
    rest = sql.lstrip(_SQL_BLANKS)
    while rest.startswith(("--", "/*")):
        rest = rest.partition("\n")[2] if rest.startswith("--") else rest[2:].partition("*/")[2]
        rest = rest.lstrip(_SQL_BLANKS)
    return not rest


def _rows(
    conn: sqlite3.Connection, cursor: sqlite3.Cursor, columns: list[str], guard: _Guard, result: QueryResult
) -> Iterator[dict[str, Any]]:
    try:
        for count, row in enumerate(_fetch(cursor, guard)):
            if count == result.max_rows:
                result.truncated = True
                return
            yield {name: _jsonable(value) for name, value in zip(columns, row)}
    finally:
        conn.close()


def _fetch(cursor: sqlite3.Cursor, guard: _Guard) -> Iterator[tuple]:
    try:
        yield from cursor
    except sqlite3.Error as exc:
        raise _query_error(exc, guard) from None


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$base64": True, "encoded": base64.b64encode(value).decode("ascii")}
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # "inf", "-inf": JSON has no Infinity (json.dumps would write it, jq and others refuse it)
    return value


def _query_error(exc: Exception, guard: _Guard) -> QueryError:
    message = str(exc)
    if guard.refused and ("not authorized" in message or "authorization denied" in message):
        return QueryError(f"refused: {guard.refused} is not allowed (queries may only read the archive)")
    if "interrupted" in message:
        return QueryError(f"query stopped after the {guard.timeout:g} s time limit (raise it with --timeout)")
    if "one statement at a time" in message:
        return QueryError("run one SQL statement at a time")
    return QueryError(f"SQL error: {message}")
