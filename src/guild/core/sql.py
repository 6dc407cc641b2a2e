"""Hand-written SQL for the few hot paths (the door's redeem call, a registration) where the
ORM's query compilation costs more than the query itself.

Statements are written once from the models' own table and column names (never from input),
rows become model instances through the ORM's own converters (the same values the ORM would
give, on PostgreSQL and on SQLite), inserts go through each field's ``pre_save`` and
``get_db_prep_save``. On PostgreSQL the statements are prepared once per connection and then
only bound and executed: no parsing or planning on each call.

``DATABASE_PREPARED_STATEMENTS`` (default on) turns preparation off, for a connection pooler
in transaction mode that cannot keep prepared statements.
"""

from __future__ import annotations

import sys
from functools import lru_cache

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections


def columns(model, names) -> tuple[str, ...]:
    """Attribute names (``event_id``, not ``event``) in the model's field order, which is the
    order ``Model.from_db`` expects; ``None`` for every concrete field."""
    fields = model._meta.concrete_fields
    if names is None:
        return tuple(f.attname for f in fields)
    names = set(names)
    return tuple(f.attname for f in fields if f.attname in names)


def column(alias: str, model, attname: str) -> str:
    return f"{alias}.{connection.ops.quote_name(model._meta.get_field(attname).column)}"


def aliased(alias: str, model):
    """``aliased("r", Registration)("event_id")`` → ``r."event_id"``: a model's columns under a
    table alias, for writing a statement's conditions."""

    def named(attname: str) -> str:
        return column(alias, model, attname)

    return named


def select_list(alias: str, model, attnames) -> list[str]:
    return [column(alias, model, name) for name in attnames]


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def db():
    """This thread's default database connection (the wrapper itself: each attribute read
    through ``django.db.connection``, a proxy, costs a thread-local look-up)."""
    return connections[DEFAULT_DB_ALIAS]


def run(sql: str, params: list | tuple, conn=None) -> list[tuple]:
    """Execute one statement and fetch its rows (an ``INSERT``/``UPDATE`` needs
    ``RETURNING``). Prepared on PostgreSQL unless queries are being logged or wrapped
    (``DEBUG``, tests counting statements), which go through Django's ordinary cursor."""
    conn = conn or db()
    if (
        conn.vendor == "postgresql"
        and getattr(settings, "DATABASE_PREPARED_STATEMENTS", True)
        and not (conn.queries_logged or conn.execute_wrappers)
    ):
        conn.ensure_connection()
        raw = conn.connection
        if raw.prepare_threshold is None:
            # Django turns psycopg's automatic preparation off; allow explicit requests only
            # (Django's own cursors bind on the client side and never prepare).
            raw.prepare_threshold = sys.maxsize
        with conn.wrap_database_errors, psycopg.Cursor(raw) as cursor:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchall()
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _converters(model, attnames: tuple[str, ...], conn):
    """The ORM's converters for these columns on this connection (kept on it: they are bound
    to its operations)."""
    cache = conn.__dict__.setdefault("_guild_sql_converters", {})
    key = (model, attnames)
    if key not in cache:
        result = []
        for name in attnames:
            col = model._meta.get_field(name).get_col(model._meta.db_table)
            funcs = conn.ops.get_db_converters(col) + col.get_db_converters(conn)
            result.append((col, funcs) if funcs else None)
        cache[key] = result
    return cache[key]


def instance(model, attnames: tuple[str, ...], values, conn=None):
    """A model instance from a row's values for ``attnames`` (as the ORM would build it)."""
    conn = conn or db()
    values = list(values)
    for index, converter in enumerate(_converters(model, attnames, conn)):
        if converter is not None and values[index] is not None:
            col, funcs = converter
            for func in funcs:
                values[index] = func(values[index], col, conn)
    return model.from_db(conn.alias, attnames, values)


def insert_fields(model) -> list:
    """The fields an insert writes: every concrete field but the primary key, in order."""
    return [f for f in model._meta.concrete_fields if f is not model._meta.pk]


def insert_columns(model) -> str:
    """The quoted column list of ``insert_fields``, as an ``INSERT`` names it."""
    return ", ".join(connection.ops.quote_name(field.column) for field in insert_fields(model))


def insert_params(obj, conn=None) -> list:
    """A new instance's values for ``insert_fields``, as ``save`` would write them
    (``pre_save`` of each field, so ``auto_now_add`` and defaults apply)."""
    conn = conn or db()
    return [
        field.get_db_prep_save(field.pre_save(obj, True), conn)
        for field in insert_fields(type(obj))
    ]


def saved(obj, pk, conn=None):
    """Mark a new instance as written to ``conn``'s database with primary key ``pk``."""
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = (conn or db()).alias
    return obj


@lru_cache(maxsize=64)
def _insert_sql(model, rows: int, vendor: str, skip_conflicts: bool = False) -> str:
    quote = connection.ops.quote_name
    one = "(" + ", ".join(["%s"] * len(insert_fields(model))) + ")"
    conflicts = "ON CONFLICT DO NOTHING " if skip_conflicts else ""
    return (
        f"INSERT INTO {table(model)} ({insert_columns(model)}) VALUES {', '.join([one] * rows)} "  # noqa: S608 - names from the model, values bound
        f"{conflicts}RETURNING {quote(model._meta.pk.column)}"
    )


def insert(objs: list, conn=None) -> None:
    """Insert new instances of one model in one statement and set their primary keys, as
    ``bulk_create`` does (``pre_save`` of each field, so ``auto_now_add`` and defaults apply)
    but without compiling a query."""
    conn = conn or db()
    params = []
    for obj in objs:
        params.extend(insert_params(obj, conn))
    rows = run(_insert_sql(type(objs[0]), len(objs), conn.vendor), params, conn)
    for obj, row in zip(objs, rows, strict=True):
        saved(obj, row[0], conn)


def insert_or_skip(obj, conn=None):
    """``INSERT … ON CONFLICT DO NOTHING RETURNING id`` (PostgreSQL, SQLite ≥ 3.35) of one new
    instance: the instance, saved, or ``None`` when a unique constraint already holds a row
    for it. Never raises on a conflict, so it is also safe inside a caller's transaction."""
    conn = conn or db()
    rows = run(_insert_sql(type(obj), 1, conn.vendor, True), insert_params(obj, conn), conn)
    return saved(obj, rows[0][0], conn) if rows else None
