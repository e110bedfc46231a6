#!/usr/bin/env python3
"""sources_ddl.py — the SQL that loads CSV files into the tables a smelt sources.yml declares.

For each declared table with a file DATA_DIR/<table>.csv.gz (or .csv), prints
    CREATE SCHEMA IF NOT EXISTS <schema>;
    CREATE OR REPLACE TABLE <schema>.<table> AS SELECT * FROM read_csv('<file>', delim=..., header=true,
        columns={'<column>': '<declared type>', ...});
so the data gets the declared types rather than DuckDB's guesses (zip codes stay text). The file's
header must name the declared columns in the declared order: a mismatch is an error, since read_csv
would otherwise load the columns under the wrong names silently.

usage: sources_ddl.py SOURCES_YML DATA_DIR [DELIMITER]   (the delimiter defaults to '|')
"""
import gzip
import os
import sys

import yaml


def header(path, delimiter):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.readline().rstrip("\r\n").split(delimiter)


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: sources_ddl.py SOURCES_YML DATA_DIR [DELIMITER]")
    sources_yml, data_dir = sys.argv[1], sys.argv[2]
    delimiter = sys.argv[3] if len(sys.argv) == 4 else "|"
    with open(sources_yml, encoding="utf-8") as f:
        sources = yaml.safe_load(f)["sources"]
    loaded = 0
    for schema, body in sources.items():
        for table, spec in (body.get("tables") or {}).items():
            path = next((os.path.join(data_dir, table + ext) for ext in (".csv.gz", ".csv")
                         if os.path.exists(os.path.join(data_dir, table + ext))), None)
            if path is None:
                continue
            columns = spec["columns"]
            names = [c["name"] for c in columns]
            found = header(path, delimiter)
            if found != names:
                sys.exit(f"sources_ddl.py: {path}: header {found} differs from the columns declared for {schema}.{table}")
            typed = ", ".join(f"{quote(c['name'])}: {quote(str(c['type']))}" for c in columns)
            print(f"CREATE SCHEMA IF NOT EXISTS {schema};")
            print(f"CREATE OR REPLACE TABLE {schema}.{table} AS SELECT * FROM read_csv({quote(os.path.abspath(path))}, "
                  f"delim={quote(delimiter)}, header=true, columns={{{typed}}});")
            loaded += 1
    if loaded == 0:
        sys.exit(f"sources_ddl.py: no declared table has a file in {data_dir}")


if __name__ == "__main__":
    main()
