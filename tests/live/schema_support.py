"""What the schema validators in tests/live share: JSON Schema draft 2020-12
validators from Debian's python3-jsonschema, with format checking on and
$refs between schemas resolved through their $ids, on both the jsonschema
of Debian 12 (4.10, RefResolver) and newer ones (referencing)."""
import datetime
import re

from jsonschema import Draft202012Validator, FormatChecker

try:  # jsonschema >= 4.18 resolves $ref with referencing
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
except ImportError:  # Debian 12's jsonschema 4.10: RefResolver
    Registry = None

RFC3339 = re.compile(
    r"^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")


def rfc3339_date_time(value):
    """date-time per RFC 3339 section 5.6, for when jsonschema's own checker
    is missing (it needs rfc3339-validator, which Debian 12 lacks)."""
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    try:
        datetime.date.fromisoformat(value[:10])
        hour, minute, second = (int(p) for p in value[11:19].split(":"))
    except ValueError:
        return False
    return hour <= 23 and minute <= 59 and second <= 60  # 60: leap second


def format_checker():
    checker = FormatChecker()
    if "date-time" not in checker.checkers:
        checker.checks("date-time")(rfc3339_date_time)
    return checker


def make_validators(schemas):
    """{key: schema} -> {key: validator}. Every schema is checked against
    the metaschema first; each must have an $id."""
    for s in schemas.values():
        Draft202012Validator.check_schema(s)
    checker = format_checker()
    if Registry is not None:
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s, DRAFT202012))
            for s in schemas.values())
        return {key: Draft202012Validator(s, registry=registry,
                                          format_checker=checker)
                for key, s in schemas.items()}
    from jsonschema import RefResolver
    store = {s["$id"]: s for s in schemas.values()}
    return {key: Draft202012Validator(
                s, resolver=RefResolver.from_schema(s, store=store),
                format_checker=checker)
            for key, s in schemas.items()}


def definition(schema, name, suffix):
    """A schema that is one $defs entry of schema, with an $id of its own."""
    return {"$schema": schema["$schema"],
            "$id": schema["$id"].replace(".schema.json", suffix + ".schema.json"),
            "$ref": schema["$id"] + "#/$defs/" + name}
