"""Learner profiles on PostgreSQL: a schema per learner, a login role per learner, trainers.

The design and why are in docs/profiles.md. In short: the profile ``ana`` is the schema
``learner_ana``; with ``group add-learner`` it is owned by the login role ``pmstudy_ana``, the
only role (besides superusers) with any right on it, so a learner's connection cannot read or
change another learner's rows. Trainers are login roles in the ``pmstudy_trainers`` group,
which may read (never write) every learner schema. Everything here is idempotent: running a
step twice changes nothing the second time.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from pmstudy.db.engine import first_line, quote_identifier
from pmstudy.errors import PmStudyError
from pmstudy.settings import LEARNER_SCHEMA_PREFIX, learner_schema, profile_name_problem

ROLE_PREFIX = "pmstudy_"
"""A learner's login role is ``pmstudy_NAME``."""

TRAINERS = "pmstudy_trainers"
"""The group role whose members read every learner schema."""


def learner_role(profile: str) -> str:
    """The login role that owns the profile's schema."""
    return f"{ROLE_PREFIX}{profile}"


def _checked(name: str) -> str:
    if problem := profile_name_problem(name):
        raise PmStudyError(problem)
    return name


def schema_exists(connection: Connection, schema: str) -> bool:
    """Whether the schema exists (whoever may use it)."""
    found = connection.execute(
        text("SELECT 1 FROM pg_namespace WHERE nspname = :n"), {"n": schema}
    ).first()
    return found is not None


def role_exists(connection: Connection, role: str) -> bool:
    """Whether the role exists."""
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": role})
    return found.first() is not None


def ensure_profile_schema(engine: Engine, profile: str) -> None:
    """Create the profile's schema when it does not exist yet (a profile is created on first
    use, as on SQLite); one line when this account may not create it."""
    schema = learner_schema(_checked(profile))
    # a server that cannot be reached is the engine's one line (db/engine.py)
    with engine.connect() as connection:
        if schema_exists(connection, schema):
            usable = connection.execute(
                text("SELECT has_schema_privilege(:s, 'USAGE'), current_user"), {"s": schema}
            ).one()
            if not usable[0]:
                raise PmStudyError(
                    f"learner profile {profile!r} is another learner's: the account {usable[1]} "
                    "may not use it; connect as that learner's own role"
                )
            return
        try:
            connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {quote_identifier(schema)}"))
            connection.commit()
        except DBAPIError as exc:
            raise PmStudyError(
                f"learner profile {profile!r} does not exist on this database and this account "
                f"may not create it ({first_line(exc)}); ask the group's owner to run "
                f"'pmstudy group add-learner {profile}'"
            ) from exc


def profile_names(connection: Connection) -> list[str]:
    """The profiles whose schema this connection may use, sorted."""
    rows = connection.execute(
        text(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :prefix) "
            "AND has_schema_privilege(nspname, 'USAGE') ORDER BY nspname"
        ),
        {"prefix": LEARNER_SCHEMA_PREFIX},
    )
    names = [str(r[0])[len(LEARNER_SCHEMA_PREFIX) :] for r in rows]
    return [n for n in names if profile_name_problem(n) is None]


def peek_schema(connection: Connection, schema: str) -> tuple[int, str | None] | None:
    """(cards, UTC date of the last answer or None) in a learner schema, read only; None when
    it has no pmstudy tables yet or this account may not read them."""
    q = quote_identifier(schema)
    try:
        with connection.begin_nested():
            (cards,) = connection.execute(text(f"SELECT count(*) FROM {q}.cards")).one()
            (last,) = connection.execute(text(f"SELECT max(answered_at) FROM {q}.review_log")).one()
    except DBAPIError:
        return None
    return int(cards), None if last is None else str(last)[:10]


def may_change(connection: Connection, schema: str) -> bool:
    """Whether this connection may add and change notes in a learner schema (its learner and
    the group's owner may; a trainer, who reads only, and other learners may not)."""
    notes = f"{quote_identifier(schema)}.notes"
    allowed = connection.execute(
        text(
            "SELECT CASE WHEN NOT has_schema_privilege(:s, 'USAGE') THEN false "
            "WHEN to_regclass(:t) IS NULL THEN false "
            "ELSE has_table_privilege(:t, 'INSERT') AND has_table_privilege(:t, 'UPDATE') END"
        ),
        {"s": schema, "t": notes},
    ).scalar()
    return bool(allowed)


def current_role(connection: Connection) -> str:
    """The role this connection acts as."""
    return str(connection.execute(text("SELECT current_user")).scalar())


def may_create_default(connection: Connection) -> bool:
    """Whether this account could create the default profile (pmstudy's tables in ``public``);
    a group's learner or trainer may not."""
    return bool(
        connection.execute(text("SELECT has_schema_privilege('public', 'CREATE')")).scalar()
    )


def add_learner(connection: Connection, profile: str, password: str | None) -> bool:
    """Create (or bring up to date) the learner's login role and schema; True when the role is
    new. The caller migrates the schema, then calls ``secure_schema``."""
    role, schema = learner_role(_checked(profile)), learner_schema(profile)
    created = not role_exists(connection, role)
    q_role = quote_identifier(role)
    if created:
        connection.execute(text(f"CREATE ROLE {q_role} LOGIN"))
    if password is not None:
        _set_password(connection, role, password)
    _ensure_trainers(connection)
    if not schema_exists(connection, schema):
        connection.execute(text(f"CREATE SCHEMA {quote_identifier(schema)} AUTHORIZATION {q_role}"))
    _close_public(connection)
    return created


def add_trainer(connection: Connection, name: str, password: str | None) -> bool:
    """Create (or update) a trainer's login role, a member of the trainers' group; True when
    new. Trainers read every learner schema and change none."""
    q_name = quote_identifier(_checked(name))
    created = not role_exists(connection, name)
    if created:
        connection.execute(text(f"CREATE ROLE {q_name} LOGIN"))
    if password is not None:
        _set_password(connection, name, password)
    _ensure_trainers(connection)
    connection.execute(text(f"GRANT {quote_identifier(TRAINERS)} TO {q_name}"))
    return created


def secure_schema(connection: Connection, profile: str) -> None:
    """Give the profile's schema and everything in it to the learner's role, readable by the
    trainers; nobody else has any right on it. A schema without a learner role (profiles on one
    shared account) is left as it is."""
    role, schema = learner_role(_checked(profile)), learner_schema(profile)
    if not role_exists(connection, role):
        return
    q_role, q_schema = quote_identifier(role), quote_identifier(schema)
    trainers = quote_identifier(TRAINERS)
    _ensure_trainers(connection)
    connection.execute(text(f"ALTER SCHEMA {q_schema} OWNER TO {q_role}"))
    owned = connection.execute(
        text(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relkind IN ('r', 'v', 'm') "
            "AND pg_get_userbyid(c.relowner) <> :r"
        ),
        {"s": schema, "r": role},
    ).all()
    for name, kind in owned:
        what = {"r": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW"}[kind]
        connection.execute(
            text(f"ALTER {what} {q_schema}.{quote_identifier(name)} OWNER TO {q_role}")
        )
    connection.execute(text(f"REVOKE ALL ON SCHEMA {q_schema} FROM PUBLIC"))
    connection.execute(text(f"GRANT USAGE ON SCHEMA {q_schema} TO {trainers}"))
    connection.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {q_schema} TO {trainers}"))
    # tables a later migration creates (run by the learner's own pmstudy) follow
    connection.execute(
        text(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {q_role} IN SCHEMA {q_schema} "
            f"GRANT SELECT ON TABLES TO {trainers}"
        )
    )


def _ensure_trainers(connection: Connection) -> None:
    if not role_exists(connection, TRAINERS):
        connection.execute(text(f"CREATE ROLE {quote_identifier(TRAINERS)} NOLOGIN"))


def _close_public(connection: Connection) -> None:
    """Learners keep nothing in ``public``: nobody but its owner may create there."""
    connection.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))


def _set_password(connection: Connection, role: str, password: str) -> None:
    # PASSWORD takes a literal, not a parameter: the driver quotes it
    from psycopg import sql

    statement = sql.SQL("ALTER ROLE {} PASSWORD {}").format(
        sql.Identifier(role), sql.Literal(password)
    )
    connection.connection.driver_connection.execute(statement)  # type: ignore[union-attr]
