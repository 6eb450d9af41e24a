#!/usr/bin/python3
"""Checks JSON-lines files against gofer's --json schema (docs/gofer-json.schema.json).

Usage: validate_json_lines.py SCHEMA FILE...   Prints FILE:LINE: problem for every line that
is not one object the schema accepts; exit 0 when all are, 1 otherwise, 77 when Debian's
python3-jsonschema is missing (the caller skips then).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(77)


def main(schema_path, paths):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    problems = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                try:
                    record = json.loads(line)
                except ValueError as error:
                    print(f"{path}:{number}: not JSON: {error}: {line!r}")
                    problems += 1
                    continue
                for error in validator.iter_errors(record):
                    # The innermost reasons say which field broke which rule.
                    reasons = error.context or [error]
                    for reason in reasons:
                        where = "/".join(str(p) for p in reason.absolute_path)
                        print(f"{path}:{number}: {where}: {reason.message}: {line.strip()}")
                    problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
