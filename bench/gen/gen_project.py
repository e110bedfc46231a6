#!/usr/bin/env python3
"""
gen_project.py — generates a warehouse-like project of N models for the compile benchmark.

The same project is written twice from one random stream (deterministic for a given --seed):

    OUT/smelt/   smelt.yml, sources.yml, models/**/*.sql   (smelt.ref('m'), sources as raw.table)
    OUT/dbt/     dbt_project.yml, profiles.yml (dbt-duckdb, a local file), models/**/*.sql
                 ({{ ref('m') }}, {{ source('raw', 't') }}), models/sources.yml
    OUT/manifest.json   every model in dependency order with its layer and upstreams (for tools
                        that validate the project, e.g. validate_duckdb.py)

The DAG is layered like a real warehouse: ~20 raw tables -> staging (one source each, several
variants per table) -> intermediate (2-5 upstreams joined on a shared key) -> marts (2-5 upstreams,
tagged and materialized as tables). Upstreams are picked with a heavy-tailed popularity weight, so a
few models are read by hundreds of others (fan-out) while most are read by a handful.

Each model is 30-80 lines of ordinary analytics SQL: CTEs, inner/left joins, aggregates with GROUP
BY, window functions, CASE, casts (CAST and ::), comments. The generator tracks every model's output
columns and their kinds, so the SQL only names columns that exist, aggregates only numbers, and
groups by every non-aggregated column: the compiled project runs on DuckDB.

Usage: gen_project.py [--models N] [--out DIR] [--seed S]
"""
import argparse
import bisect
import itertools
import json
import os
import random
import shutil
import sys

# ---------------------------------------------------------------------------------------------
# Raw tables. Kinds: key (join key), num, cat (text), date, ts (timestamp), flag (boolean).
# A key's first occurrence in a table's list marks the table's primary key when pk is set.

RAW_TABLES = {
    "customers": {"pk": ["customer_id"], "cols": [
        ("customer_id", "INTEGER", "key"), ("first_name", "VARCHAR", "cat"), ("last_name", "VARCHAR", "cat"),
        ("email", "VARCHAR", "cat"), ("country_code", "VARCHAR", "cat"), ("segment", "VARCHAR", "cat"),
        ("signup_date", "DATE", "date"), ("is_active", "BOOLEAN", "flag"),
        ("lifetime_value", "DECIMAL(12,2)", "num")]},
    "orders": {"pk": ["order_id"], "cols": [
        ("order_id", "INTEGER", "key"), ("customer_id", "INTEGER", "key"), ("store_id", "INTEGER", "key"),
        ("order_ts", "TIMESTAMP", "ts"), ("status", "VARCHAR", "cat"), ("channel", "VARCHAR", "cat"),
        ("amount", "DECIMAL(12,2)", "num"), ("discount_amount", "DECIMAL(12,2)", "num"),
        ("shipping_cost", "DECIMAL(10,2)", "num")]},
    "order_items": {"pk": ["order_item_id"], "cols": [
        ("order_item_id", "BIGINT", "key"), ("order_id", "INTEGER", "key"), ("product_id", "INTEGER", "key"),
        ("quantity", "INTEGER", "num"), ("unit_price", "DECIMAL(10,2)", "num"), ("discount_pct", "DOUBLE", "num"),
        ("created_at", "TIMESTAMP", "ts")]},
    "products": {"pk": ["product_id"], "cols": [
        ("product_id", "INTEGER", "key"), ("supplier_id", "INTEGER", "key"), ("product_name", "VARCHAR", "cat"),
        ("category", "VARCHAR", "cat"), ("subcategory", "VARCHAR", "cat"), ("list_price", "DECIMAL(10,2)", "num"),
        ("unit_cost", "DECIMAL(10,2)", "num"), ("launched_on", "DATE", "date"),
        ("is_discontinued", "BOOLEAN", "flag")]},
    "payments": {"pk": ["payment_id"], "cols": [
        ("payment_id", "INTEGER", "key"), ("order_id", "INTEGER", "key"), ("customer_id", "INTEGER", "key"),
        ("payment_method", "VARCHAR", "cat"), ("paid_at", "TIMESTAMP", "ts"), ("amount", "DECIMAL(12,2)", "num"),
        ("fee_amount", "DECIMAL(10,2)", "num"), ("status", "VARCHAR", "cat")]},
    "shipments": {"pk": ["shipment_id"], "cols": [
        ("shipment_id", "INTEGER", "key"), ("order_id", "INTEGER", "key"), ("store_id", "INTEGER", "key"),
        ("carrier", "VARCHAR", "cat"), ("shipped_at", "TIMESTAMP", "ts"), ("delivered_at", "TIMESTAMP", "ts"),
        ("weight_kg", "DOUBLE", "num"), ("shipping_cost", "DECIMAL(10,2)", "num")]},
    "inventory_snapshots": {"pk": ["snapshot_date", "store_id", "product_id"], "cols": [
        ("snapshot_date", "DATE", "date"), ("store_id", "INTEGER", "key"), ("product_id", "INTEGER", "key"),
        ("on_hand_qty", "INTEGER", "num"), ("reserved_qty", "INTEGER", "num"), ("reorder_point", "INTEGER", "num")]},
    "stores": {"pk": ["store_id"], "cols": [
        ("store_id", "INTEGER", "key"), ("store_name", "VARCHAR", "cat"), ("region", "VARCHAR", "cat"),
        ("country_code", "VARCHAR", "cat"), ("opened_on", "DATE", "date"), ("square_meters", "INTEGER", "num"),
        ("is_flagship", "BOOLEAN", "flag")]},
    "employees": {"pk": ["employee_id"], "cols": [
        ("employee_id", "INTEGER", "key"), ("store_id", "INTEGER", "key"), ("full_name", "VARCHAR", "cat"),
        ("job_title", "VARCHAR", "cat"), ("hired_on", "DATE", "date"), ("hourly_rate", "DECIMAL(8,2)", "num"),
        ("is_active", "BOOLEAN", "flag")]},
    "suppliers": {"pk": ["supplier_id"], "cols": [
        ("supplier_id", "INTEGER", "key"), ("supplier_name", "VARCHAR", "cat"), ("country_code", "VARCHAR", "cat"),
        ("lead_time_days", "INTEGER", "num"), ("quality_score", "DOUBLE", "num"), ("onboarded_on", "DATE", "date")]},
    "web_sessions": {"pk": ["session_id"], "cols": [
        ("session_id", "BIGINT", "key"), ("customer_id", "INTEGER", "key"), ("campaign_id", "INTEGER", "key"),
        ("started_at", "TIMESTAMP", "ts"), ("device_type", "VARCHAR", "cat"), ("utm_source", "VARCHAR", "cat"),
        ("page_count", "INTEGER", "num"), ("duration_seconds", "INTEGER", "num")]},
    "page_views": {"pk": ["page_view_id"], "cols": [
        ("page_view_id", "BIGINT", "key"), ("session_id", "BIGINT", "key"), ("customer_id", "INTEGER", "key"),
        ("product_id", "INTEGER", "key"), ("viewed_at", "TIMESTAMP", "ts"), ("page_path", "VARCHAR", "cat"),
        ("time_on_page_ms", "BIGINT", "num")]},
    "campaigns": {"pk": ["campaign_id"], "cols": [
        ("campaign_id", "INTEGER", "key"), ("campaign_name", "VARCHAR", "cat"), ("channel", "VARCHAR", "cat"),
        ("start_date", "DATE", "date"), ("end_date", "DATE", "date"), ("budget", "DECIMAL(12,2)", "num")]},
    "ad_spend": {"pk": ["spend_date", "campaign_id"], "cols": [
        ("spend_date", "DATE", "date"), ("campaign_id", "INTEGER", "key"), ("impressions", "BIGINT", "num"),
        ("clicks", "INTEGER", "num"), ("spend", "DECIMAL(12,2)", "num")]},
    "returns": {"pk": ["return_id"], "cols": [
        ("return_id", "INTEGER", "key"), ("order_id", "INTEGER", "key"), ("product_id", "INTEGER", "key"),
        ("customer_id", "INTEGER", "key"), ("returned_at", "TIMESTAMP", "ts"), ("reason", "VARCHAR", "cat"),
        ("refund_amount", "DECIMAL(12,2)", "num"), ("quantity", "INTEGER", "num")]},
    "reviews": {"pk": ["review_id"], "cols": [
        ("review_id", "INTEGER", "key"), ("product_id", "INTEGER", "key"), ("customer_id", "INTEGER", "key"),
        ("reviewed_at", "TIMESTAMP", "ts"), ("stars", "INTEGER", "num"), ("review_text", "VARCHAR", "cat"),
        ("is_verified", "BOOLEAN", "flag")]},
    "support_tickets": {"pk": ["ticket_id"], "cols": [
        ("ticket_id", "INTEGER", "key"), ("customer_id", "INTEGER", "key"), ("employee_id", "INTEGER", "key"),
        ("opened_at", "TIMESTAMP", "ts"), ("closed_at", "TIMESTAMP", "ts"), ("priority", "VARCHAR", "cat"),
        ("topic", "VARCHAR", "cat"), ("satisfaction_score", "INTEGER", "num")]},
    "subscriptions": {"pk": ["subscription_id"], "cols": [
        ("subscription_id", "INTEGER", "key"), ("customer_id", "INTEGER", "key"), ("plan_name", "VARCHAR", "cat"),
        ("started_on", "DATE", "date"), ("cancelled_on", "DATE", "date"), ("monthly_fee", "DECIMAL(10,2)", "num"),
        ("is_trial", "BOOLEAN", "flag")]},
    "invoices": {"pk": ["invoice_id"], "cols": [
        ("invoice_id", "INTEGER", "key"), ("customer_id", "INTEGER", "key"), ("subscription_id", "INTEGER", "key"),
        ("invoice_date", "DATE", "date"), ("due_date", "DATE", "date"), ("amount_due", "DECIMAL(12,2)", "num"),
        ("amount_paid", "DECIMAL(12,2)", "num"), ("currency", "VARCHAR", "key")]},
    "exchange_rates": {"pk": ["rate_date", "currency"], "cols": [
        ("rate_date", "DATE", "date"), ("currency", "VARCHAR", "key"), ("rate_to_usd", "DOUBLE", "num")]},
}

# Plausible values for the text columns that filters and CASE expressions compare with.
CAT_VALUES = {
    "status": ["completed", "shipped", "pending", "cancelled", "refunded"],
    "channel": ["web", "store", "mobile", "partner", "email", "social"],
    "segment": ["consumer", "smb", "enterprise"],
    "country_code": ["US", "GB", "DE", "FR", "NL", "ES", "JP"],
    "category": ["apparel", "home", "garden", "toys", "electronics", "grocery"],
    "payment_method": ["card", "paypal", "bank_transfer", "gift_card"],
    "carrier": ["ups", "fedex", "dhl", "usps"],
    "region": ["north", "south", "east", "west", "emea", "apac"],
    "job_title": ["cashier", "manager", "stocker", "associate"],
    "device_type": ["desktop", "mobile", "tablet"],
    "utm_source": ["google", "facebook", "newsletter", "direct"],
    "reason": ["damaged", "wrong_size", "late", "not_as_described"],
    "priority": ["low", "normal", "high", "urgent"],
    "topic": ["billing", "shipping", "product", "account"],
    "plan_name": ["basic", "plus", "pro", "enterprise"],
}

ENTITY_WORDS = {
    "customer_id": "customer", "order_id": "order", "product_id": "product", "store_id": "store",
    "supplier_id": "supplier", "employee_id": "employee", "campaign_id": "campaign", "session_id": "session",
    "subscription_id": "subscription", "currency": "currency", "order_item_id": "order_item",
    "payment_id": "payment", "shipment_id": "shipment", "page_view_id": "page_view", "return_id": "return",
    "review_id": "review", "ticket_id": "ticket", "invoice_id": "invoice",
}

MART_DOMAINS = ["finance", "marketing", "sales", "operations", "product", "support", "growth", "supply_chain"]
INT_TOPICS = ["activity", "revenue", "engagement", "history", "metrics", "rollup", "profile", "summary",
              "performance", "lifecycle", "health", "trends", "costs", "retention", "quality"]
TAGS = ["daily", "hourly", "finance", "core", "pii", "experimental", "executive", "weekly"]

NUM_KINDS = ("num",)
TIME_KINDS = ("date", "ts")


class Col:
    __slots__ = ("name", "kind", "root")

    def __init__(self, name, kind, root=None):
        self.name = name
        self.kind = kind
        self.root = root or name


class Model:
    __slots__ = ("name", "layer", "folder", "cols", "grain", "topic", "upstreams", "sources", "index",
                 "materialized", "tags", "lines")

    def __init__(self, name, layer, folder):
        self.name = name
        self.layer = layer
        self.folder = folder
        self.cols = []
        self.grain = []
        self.topic = ""
        self.upstreams = []
        self.sources = []
        self.index = 0
        self.materialized = None
        self.tags = []
        self.lines = 0

    def col(self, name):
        for c in self.cols:
            if c.name == name:
                return c
        return None

    def of_kind(self, *kinds):
        return [c for c in self.cols if c.kind in kinds]

    def keys(self):
        return [c.name for c in self.cols if c.kind == "key"]


class Names:
    """Unique column names within one output."""

    def __init__(self):
        self.used = set()

    def take(self, name):
        base, n = name, 2
        while name in self.used:
            name = "%s_%d" % (base, n)
            n += 1
        self.used.add(name)
        return name


class Pool:
    """Models eligible as upstreams, sampled by a heavy-tailed popularity weight (fan-out)."""

    def __init__(self):
        self.items = []
        self.cum = []

    def add(self, item, weight):
        self.items.append(item)
        self.cum.append((self.cum[-1] if self.cum else 0.0) + weight)

    def __len__(self):
        return len(self.items)

    def pick(self, rng):
        x = rng.random() * self.cum[-1]
        return self.items[bisect.bisect_right(self.cum, x)]


# ---------------------------------------------------------------------------------------------
# SQL text. A model is built once, with placeholders (REF, SRC) where the two syntaxes differ;
# render() writes them as smelt.ref('m') / raw.t or {{ ref('m') }} / {{ source('raw', 't') }}.

REF = "\x00REF:%s\x00"
SRC = "\x00SRC:%s\x00"


def render(text, flavour):
    out = []
    for i, part in enumerate(text.split("\x00")):
        if i % 2 == 0:
            out.append(part)
            continue
        kind, name = part.split(":", 1)
        if kind == "REF":
            out.append("smelt.ref('%s')" % name if flavour == "smelt" else "{{ ref('%s') }}" % name)
        else:
            out.append("raw.%s" % name if flavour == "smelt" else "{{ source('raw', '%s') }}" % name)
    return "".join(out)


def ts_root(name):
    for suffix in ("_ts", "_at"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def threshold(rng):
    return rng.choice([10, 25, 50, 100, 250, 500, 1000, 5000])


def case_tier(rng, expr, alias, indent, compact=False):
    lo = threshold(rng)
    hi = lo * rng.choice([4, 10])
    labels = rng.choice([("high", "medium", "low"), ("large", "mid", "small"), ("gold", "silver", "bronze")])
    pad = " " * indent
    lines = [
        pad + "case",
        pad + "    when %s >= %d then '%s'" % (expr, hi, labels[0]),
        pad + "    when %s >= %d then '%s'" % (expr, lo, labels[1]),
        pad + "    when %s is null then 'unknown'" % expr,
        pad + "    else '%s'" % labels[2],
        pad + "end as %s" % alias,
    ]
    if compact:
        del lines[3]
    return lines


MAX_LINES = 80


def tighten(text):
    """Drops the blank lines just inside a CTE's parentheses (the terser of the two common styles)."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if not line and out and out[-1].endswith(" as (") :
            continue
        if not line and i + 1 < len(lines) and lines[i + 1].startswith(")"):
            continue
        out.append(line)
    return "\n".join(out)


def join_lines(items, indent):
    """items: list of single lines or lists of lines (one select item each); adds commas."""
    pad = " " * indent
    out = []
    for i, item in enumerate(items):
        lines = item if isinstance(item, list) else [pad + item]
        if i < len(items) - 1:
            lines = lines[:-1] + [lines[-1] + ","]
        out.extend(lines)
    return out


class Generator:
    def __init__(self, n_models, seed):
        self.rng = random.Random(seed)
        self.seed = seed
        self.n = n_models
        self.models = []
        self.by_name = {}
        # pools[layer][key] -> Pool; all_pool[layer] -> Pool
        self.key_pools = {"stg": {}, "int": {}, "mart": {}}
        self.layer_pools = {"stg": Pool(), "int": Pool(), "mart": Pool()}
        self.counter = itertools.count(1)
        self.compact = False
        self.star = False

    # -- bookkeeping ------------------------------------------------------------------------
    def register(self, model, text):
        model.index = len(self.models)
        model.lines = text.count("\n")
        self.models.append((model, text))
        self.by_name[model.name] = model
        weight = min(self.rng.paretovariate(1.2), 400.0)
        layer = model.layer
        self.layer_pools[layer].add(model, weight)
        for key in set(model.keys()):
            self.key_pools[layer].setdefault(key, Pool()).add(model, weight)

    def pick_layer(self, choices):
        """choices: [(layer, weight)], restricted to layers with models."""
        live = [(l, w) for l, w in choices if len(self.layer_pools[l])]
        return self.rng.choices([l for l, _ in live], [w for _, w in live])[0]

    def pick_upstreams(self, primary, key, count, layers):
        chosen = [primary]
        names = {primary.name}
        attempts = 0
        while len(chosen) < count and attempts < count * 8:
            attempts += 1
            live = [(l, w) for l, w in layers if key in self.key_pools[l]]
            if not live:
                break
            layer = self.rng.choices([l for l, _ in live], [w for _, w in live])[0]
            m = self.key_pools[layer][key].pick(self.rng)
            if m.name in names:
                continue
            names.add(m.name)
            chosen.append(m)
        return chosen

    def header(self, model, description):
        lines = []
        if model.materialized:
            lines.append("-- @materialize: %s" % model.materialized)
        if model.tags:
            lines.append("-- @tags: %s" % ", ".join(model.tags))
        lines.append("-- %s" % model.name)
        lines.append("-- %s" % description)
        return lines

    # -- staging ----------------------------------------------------------------------------
    def staging(self, table, variant_index):
        rng = self.rng
        spec = RAW_TABLES[table]
        if variant_index == 0:
            name, variant, pred = "stg_%s" % table, None, None
        else:
            variant, pred = self.variant_filter(table)
            name = "stg_%s__%s_%04d" % (table, variant, next(self.counter))
        model = Model(name, "stg", "staging/%s" % table)
        model.topic = table
        model.sources = [table]
        cols = [Col(n, k) for n, _, k in spec["cols"]]
        names = Names()
        items, out_cols = [], []
        sections = {"key": "ids", "ts": "timestamps", "date": "dates", "cat": "attributes", "num": "measures",
                    "flag": "flags"}
        by_kind = {}
        for c in cols:
            by_kind.setdefault(c.kind, []).append(c)
        for kind in ("key", "ts", "date", "cat", "num", "flag"):
            group = by_kind.get(kind, [])
            if not group:
                continue
            items.append(("comment", "-- %s" % sections[kind]))
            for c in group:
                if kind == "key":
                    expr = c.name if rng.random() < 0.7 or c.name == "currency" else "cast(%s as bigint)" % c.name
                    items.append(("item", "%s as %s" % (expr, c.name) if expr != c.name else c.name))
                    out_cols.append(Col(names.take(c.name), "key"))
                elif kind == "ts":
                    items.append(("item", c.name))
                    out_cols.append(Col(names.take(c.name), "ts", ts_root(c.name)))
                    d = names.take(ts_root(c.name) + "_date")
                    cast = rng.choice(["cast(%s as date)", "%s::date"]) % c.name
                    items.append(("item", "%s as %s" % (cast, d)))
                    out_cols.append(Col(d, "date", ts_root(c.name)))
                elif kind == "date":
                    items.append(("item", c.name))
                    out_cols.append(Col(names.take(c.name), "date"))
                elif kind == "cat":
                    fn = rng.choice(["lower(trim(%s))", "upper(%s)", "coalesce(%s, 'unknown')", "trim(%s)"])
                    items.append(("item", "%s as %s" % (fn % c.name, c.name)))
                    out_cols.append(Col(names.take(c.name), "cat"))
                elif kind == "num":
                    fn = rng.choice(["cast(%s as decimal(18, 2))", "coalesce(%s, 0)", "%s::double",
                                     "round(%s, 2)", "%s"])
                    expr = fn % c.name
                    items.append(("item", "%s as %s" % (expr, c.name) if expr != c.name else c.name))
                    out_cols.append(Col(names.take(c.name), "num"))
                else:
                    items.append(("item", "coalesce(%s, false) as %s" % (c.name, c.name)))
                    out_cols.append(Col(names.take(c.name), "flag"))
        # derived columns
        nums = by_kind.get("num", [])
        derived = []
        if nums:
            n = rng.choice(nums)
            alias = names.take(n.name + "_band")
            derived.append(case_tier(rng, n.name, alias, 8))
            out_cols.append(Col(alias, "cat", n.name))
        if len(nums) >= 2:
            a, b = rng.sample(nums, 2)
            alias = names.take("%s_minus_%s" % (a.name, b.name))
            derived.append("coalesce(%s, 0) - coalesce(%s, 0) as %s" % (a.name, b.name, alias))
            out_cols.append(Col(alias, "num", a.name))
        cats = [c for c in by_kind.get("cat", []) if c.name in CAT_VALUES]
        if cats:
            c = rng.choice(cats)
            vals = [v.lower() for v in rng.sample(CAT_VALUES[c.name], 2)]
            alias = names.take("is_%s_%s" % (c.name, vals[0]))
            derived.append("case when lower(%s) in ('%s', '%s') then true else false end as %s"
                           % (c.name, vals[0], vals[1], alias))
            out_cols.append(Col(alias, "flag", c.name))
        model.cols = out_cols
        model.grain = list(spec["pk"])

        order_col = next((c.name for c in cols if c.kind == "ts"), None) or \
            next((c.name for c in cols if c.kind == "date"), None)
        lines = self.header(model, "Staging: %s, renamed, typed and cleaned%s." % (
            "raw." + table, "" if not variant else " (%s)" % variant.replace("_", " ")))
        lines.append("-- Generated by bench/gen/gen_project.py (seed %d)." % self.seed)
        lines += ["", "with source as (", "", "    select * from %s" % (SRC % table), "", "),", ""]
        lines += ["renamed as (", "", "    select"]
        # commas: only after items, comments stay bare
        body = []
        item_positions = [i for i, (k, _) in enumerate(items) if k == "item"]
        last_item = item_positions[-1] if not derived else None
        for i, (kind, text) in enumerate(items):
            if kind == "comment":
                body.append("        " + text)
            else:
                body.append("        " + text + ("" if i == last_item else ","))
        if derived:
            body.append("        -- derived")
            body += join_lines(derived, 8)
        lines += body
        lines.append("    from source")
        first_pk = spec["pk"][0]
        where = ["%s is not null" % first_pk]
        if pred:
            where.append(pred)
        lines.append("    where " + where[0])
        for w in where[1:]:
            lines.append("      and " + w)
        lines += ["", "),", ""]
        single_pk = len(spec["pk"]) == 1 and order_col is not None
        if single_pk:
            lines += ["deduplicated as (", "",
                      "    -- keep the latest version of each %s" % ENTITY_WORDS.get(first_pk, first_pk),
                      "    select",
                      "        *,",
                      "        row_number() over (",
                      "            partition by %s" % first_pk,
                      "            order by %s desc" % order_col,
                      "        ) as row_num",
                      "    from renamed", "", ")", ""]
            lines.append("select")
            lines += join_lines([c.name for c in out_cols], 4)
            lines += ["from deduplicated", "where row_num = 1"]
        else:
            extra = names.take("rows_per_%s" % ENTITY_WORDS.get(spec["pk"][1], spec["pk"][1]))
            lines += ["final as (", "", "    select", "        renamed.*,",
                      "        count(*) over (partition by %s) as %s" % (spec["pk"][1], extra),
                      "    from renamed", "", ")", ""]
            out_cols.append(Col(extra, "num", "row_count"))
            lines.append("select")
            lines += join_lines([c.name for c in out_cols], 4)
            lines += ["from final"]
        return model, "\n".join(lines) + "\n"

    def variant_filter(self, table):
        rng = self.rng
        cols = RAW_TABLES[table]["cols"]
        options = []
        for n, _, k in cols:
            if k == "cat" and n in CAT_VALUES:
                options.append("cat:" + n)
            elif k in TIME_KINDS:
                options.append("time:" + n)
            elif k == "num":
                options.append("num:" + n)
        choice = rng.choice(options)
        kind, col = choice.split(":")
        if kind == "cat":
            vals = rng.sample(CAT_VALUES[col], rng.choice([1, 2]))
            vals = [v.lower() for v in vals]
            return "_".join(vals), "lower(%s) in (%s)" % (col, ", ".join("'%s'" % v for v in vals))
        if kind == "time":
            year = rng.choice([2019, 2020, 2021, 2022, 2023])
            lit = "date" if dict((n, k) for n, _, k in cols)[col] == "date" else "timestamp"
            return "since_%d" % year, "%s >= %s '%d-01-01'" % (col, lit, year)
        return "positive_" + col, "%s > 0" % col

    # -- intermediate and marts --------------------------------------------------------------
    def derived_model(self, layer):
        rng = self.rng
        if layer == "int":
            primary_layer = self.pick_layer([("stg", 40), ("int", 60)])
            other_layers = [("stg", 45), ("int", 55)]
        else:
            primary_layer = self.pick_layer([("int", 80), ("stg", 5), ("mart", 15)])
            other_layers = [("int", 75), ("stg", 10), ("mart", 15)]
        for _ in range(50):
            primary = self.layer_pools[primary_layer].pick(rng)
            keys = [k for k in primary.keys()
                    if any(k in self.key_pools[l] and len(self.key_pools[l][k]) > 1 for l, _ in other_layers)]
            if keys:
                break
        else:
            keys = primary.keys()[:1]
        key = rng.choice(keys)
        fan_in = rng.choices([2, 3, 4, 5], [35, 35, 20, 10])[0]
        ups = self.pick_upstreams(primary, key, fan_in, other_layers)
        entity = ENTITY_WORDS.get(key, key.replace("_id", ""))
        rollup = rng.random() < (0.35 if layer == "int" else 0.6)
        if layer == "int":
            topic = rng.choice(INT_TOPICS)
            name = "int_%s__%s_%s_%04d" % (entity, primary.topic, topic, next(self.counter))
            folder = "intermediate/%s" % entity
            model = Model(name, "int", folder)
            model.topic = primary.topic
        else:
            domain = rng.choice(MART_DOMAINS)
            prefix = "fct" if rollup else "dim"
            name = "%s_%s__%s_%04d" % (prefix, entity, primary.topic, next(self.counter))
            model = Model(name, "mart", "marts/%s" % domain)
            model.topic = primary.topic
            model.materialized = "table" if rng.random() < 0.7 else None
            model.tags = sorted(rng.sample(TAGS, rng.choice([1, 2])))
        # Keep models within 30-80 lines: a wide fan-in gets terser upstream CTEs, then fewer upstreams.
        others = ups[1:]
        for attempt in range(8):
            self.compact = attempt > 0
            self.star = attempt == 7
            if rollup:
                text = self.rollup_sql(model, primary, key, others)
            else:
                text = self.enrich_sql(model, primary, key, others)
            text = tighten(text)
            if text.count("\n") <= MAX_LINES:
                break
            if attempt >= 2 and len(others) > 1:
                others = others[:-1]
        self.compact = self.star = False
        model.upstreams = [primary.name] + [u.name for u in others]
        return model, text

    def alias_for(self, upstream, used):
        base = upstream.topic
        alias, n = base, 2
        while alias in used:
            alias = "%s_%d" % (base, n)
            n += 1
        used.add(alias)
        return alias

    def agg_cte(self, alias, upstream, key, outputs):
        """A CTE that reduces an upstream to one row per key. Appends (col, expr-on-alias) to outputs."""
        rng = self.rng
        nums = [c for c in upstream.of_kind("num") if c.name != key]
        times = upstream.of_kind(*TIME_KINDS)
        other_keys = [k for k in upstream.keys() if k != key]
        flags = upstream.of_kind("flag")
        sel = [key]
        produced = []
        local_names = Names()
        local_names.take(key)

        def add(expr, col_name, kind, root):
            local = local_names.take("%s_%s" % (alias, col_name))
            sel.append("%s as %s" % (expr, local))
            produced.append((local, kind, root))

        add("count(*)", "row_count", "num", "row_count")
        for c in rng.sample(nums, min(len(nums), rng.choice([1, 2] if self.compact else [1, 2, 3]))):
            agg = rng.choice(["sum", "sum", "avg", "max", "min"])
            expr = "%s(%s)" % (agg, c.name) if agg != "avg" else "avg(cast(%s as double))" % c.name
            add(expr, "%s_%s" % ({"sum": "total", "avg": "avg", "max": "max", "min": "min"}[agg], c.root), "num",
                c.root)
        if times:
            t = rng.choice(times)
            add("max(%s)" % t.name, "last_%s" % t.root, t.kind, t.root)
            if rng.random() < (0.15 if self.compact else 0.4):
                add("min(%s)" % t.name, "first_%s" % t.root, t.kind, t.root)
        if other_keys and rng.random() < 0.6:
            k = rng.choice(other_keys)
            add("count(distinct %s)" % k, "distinct_%ss" % ENTITY_WORDS.get(k, k), "num", k)
        if flags and rng.random() < 0.5:
            f = rng.choice(flags)
            add("sum(case when %s then 1 else 0 end)" % f.name, "%s_count" % f.root, "num", f.root)
        lines = ["%s as (" % alias, ""]
        if not self.compact:
            lines.append("    -- one row per %s from %s" % (ENTITY_WORDS.get(key, key), upstream.name))
        lines.append("    select")
        lines += join_lines(sel, 8)
        lines.append("    from %s" % (REF % upstream.name))
        if nums and rng.random() < 0.3:
            lines.append("    where %s is not null" % rng.choice(nums).name)
        lines += ["    group by %s" % key, "", "),", ""]
        for local, kind, root in produced:
            outputs.append((local, kind, root))
        return lines

    def enrich_sql(self, model, primary, key, others):
        rng = self.rng
        used_aliases = {"base", "joined", "windowed", "final"}
        names = Names()
        lines = self.header(model, "%s of %s: %s joined with %d upstream%s on %s." % (
            "Intermediate" if model.layer == "int" else "Mart", ENTITY_WORDS.get(key, key), primary.name,
            len(others), "" if len(others) == 1 else "s", key))
        lines += ["", "with", ""]
        # base: keys, a few columns of the primary
        keep = [c for c in primary.cols if c.kind == "key"][:4]
        if key not in [c.name for c in keep]:
            keep.append(primary.col(key))
        rest = [c for c in primary.cols if c.kind != "key"]
        keep += rng.sample(rest, min(len(rest), rng.choice([2, 3, 4] if self.compact else [3, 4, 5, 6])))
        times = [c for c in keep if c.kind in TIME_KINDS]
        if not times:
            t = next((c for c in primary.cols if c.kind in TIME_KINDS), None)
            if t:
                keep.append(t)
                times = [t]
        nums = [c for c in keep if c.kind == "num"]
        if not nums:
            n = next((c for c in primary.cols if c.kind == "num"), None)
            if n:
                keep.append(n)
                nums = [n]
        lines += ["base as (", "", "    select"]
        lines += join_lines([c.name for c in keep], 8)
        lines.append("    from %s" % (REF % primary.name))
        if nums and rng.random() < 0.5:
            lines.append("    where %s is not null" % rng.choice(nums).name)
        lines += ["", "),", ""]
        # joined upstreams: aggregated CTEs or direct dimension joins
        joins, agg_outputs, dims = [], [], []
        for up in others:
            alias = self.alias_for(up, used_aliases)
            if up.grain == [key]:
                dims.append((alias, up))
            else:
                outs = []
                lines += self.agg_cte(alias, up, key, outs)
                agg_outputs.append((alias, outs))
        # joined
        out_cols = []
        sel = []
        expr_of = {}
        sel.append("base.*")
        for c in keep:
            out_cols.append(Col(names.take(c.name), c.kind, c.root))
            expr_of[c.name] = "base.%s" % c.name
        from_lines = ["    from base"]
        for alias, outs in agg_outputs:
            kind = rng.choice(["left join", "left join", "inner join"])
            from_lines.append("    %s %s" % (kind, alias))
            from_lines.append("        on base.%s = %s.%s" % (key, alias, key))
            for local, k, root in outs:
                n = names.take(local)
                if k == "num" and kind == "left join":
                    expr_of[n] = "coalesce(%s.%s, 0)" % (alias, local)
                    sel.append("%s as %s" % (expr_of[n], n))
                else:
                    expr_of[n] = "%s.%s" % (alias, local)
                    sel.append("%s as %s" % (expr_of[n], n) if n != local else expr_of[n])
                out_cols.append(Col(n, k, root))
        for alias, up in dims:
            kind = rng.choice(["left join", "inner join"])
            from_lines.append("    %s %s as %s" % (kind, REF % up.name, alias))
            from_lines.append("        on base.%s = %s.%s" % (key, alias, key))
            attrs = [c for c in up.cols if c.kind != "key"]
            for c in rng.sample(attrs, min(len(attrs), rng.choice([1, 2, 3]))):
                n = names.take("%s_%s" % (alias, c.root) if c.name in names.used else c.name)
                expr_of[n] = "%s.%s" % (alias, c.name)
                sel.append("%s as %s" % (expr_of[n], n) if n != c.name else expr_of[n])
                out_cols.append(Col(n, c.kind, c.root))
        num_out = [c for c in out_cols if c.kind == "num"]
        if num_out:
            c = rng.choice(num_out)
            alias = names.take(c.root + "_tier")
            sel.append(case_tier(rng, expr_of[c.name], alias, 8, self.compact))
            out_cols.append(Col(alias, "cat", c.root))
        lines += ["joined as (", "", "    select"]
        lines += join_lines(sel, 8)
        lines += from_lines
        lines += ["", "),", ""]
        # windows
        win = []
        order = next((c.name for c in out_cols if c.kind in TIME_KINDS), None)
        num_cols = [c for c in out_cols if c.kind == "num"]
        if order:
            n = names.take("%s_recency_rank" % ENTITY_WORDS.get(key, key))
            if self.compact:
                win.append("row_number() over (partition by %s order by %s desc) as %s" % (key, order, n))
            else:
                win.append(["        row_number() over (",
                            "            partition by %s" % key,
                            "            order by %s desc" % order,
                            "        ) as %s" % n])
            out_cols.append(Col(n, "num", "recency_rank"))
            if num_cols:
                c = rng.choice(num_cols)
                n = names.take("running_%s" % c.root)
                win.append(["        sum(%s) over (" % c.name,
                            "            partition by %s order by %s" % (key, order),
                            "            rows between unbounded preceding and current row",
                            "        ) as %s" % n])
                out_cols.append(Col(n, "num", c.root))
                c = rng.choice(num_cols)
                n = names.take("previous_%s" % c.root)
                win.append("lag(%s) over (partition by %s order by %s) as %s" % (c.name, key, order, n))
                out_cols.append(Col(n, "num", c.root))
        elif num_cols:
            c = rng.choice(num_cols)
            n = names.take("%s_share_of_%s" % (c.root, ENTITY_WORDS.get(key, key)))
            win.append("%s / nullif(sum(%s) over (partition by %s), 0) as %s" % (c.name, c.name, key, n))
            out_cols.append(Col(n, "num", c.root))
        lines += ["windowed as (", "", "    select", "        joined.*" + ("," if win else "")]
        lines += join_lines(win, 8)
        lines += ["    from joined", "", ")", ""]
        final = self.final_select(model, lines, out_cols, key, "windowed")
        model.grain = list(primary.grain) if set(primary.grain) <= set(c.name for c in final) else []
        return "\n".join(lines) + "\n"

    def final_select(self, model, lines, cols, key, cte):
        """Intermediate models end in `select * from <cte>`; marts list their columns (keys first, capped)."""
        if model.layer != "mart" or self.star:
            lines += ["select * from %s" % cte]
            model.cols = list(cols)
            return model.cols
        limit = 10 if self.compact else 16
        keys = [c for c in cols if c.kind == "key"][:4]
        rest = [c for c in cols if c.kind != "key"]
        final = keys + rest[: max(0, limit - len(keys))]
        lines.append("select")
        lines += join_lines([c.name for c in final], 4)
        lines.append("from %s" % cte)
        model.cols = final
        return final

    def rollup_sql(self, model, primary, key, others):
        rng = self.rng
        used_aliases = {"base", "rolled", "final"}
        names = Names()
        time = next((c for c in primary.cols if c.kind in TIME_KINDS), None)
        grain = rng.choice(["month", "week", "quarter", "day"])
        lines = self.header(model, "%s of %s%s: %s rolled up with %d upstream%s." % (
            "Intermediate" if model.layer == "int" else "Mart", ENTITY_WORDS.get(key, key),
            " by %s" % grain if time else "", primary.name, len(others), "" if len(others) == 1 else "s"))
        lines += ["", "with", ""]
        agg_outputs = []
        for up in others:
            alias = self.alias_for(up, used_aliases)
            outs = []
            lines += self.agg_cte(alias, up, key, outs)
            agg_outputs.append((alias, outs))
        nums = [c for c in primary.cols if c.kind == "num" and c.name != key]
        cats = [c for c in primary.cols if c.kind == "cat"]
        flags = [c for c in primary.cols if c.kind == "flag"]
        other_keys = [c for c in primary.keys() if c != key]
        picked_nums = rng.sample(nums, min(len(nums), rng.choice([1, 2] if self.compact else [2, 3, 4])))
        base_cols = [key]
        period = None
        if time:
            period = "%s_%s" % (time.root, grain)
            period = period.replace("_date_", "_")
        base_sel = [key]
        if time:
            base_sel.append("cast(date_trunc('%s', %s) as date) as %s" % (grain, time.name, period))
        for c in picked_nums:
            base_sel.append(c.name)
        if cats:
            c = rng.choice(cats)
            base_sel.append(c.name)
        else:
            c = None
        if flags:
            f = rng.choice(flags)
            base_sel.append(f.name)
        else:
            f = None
        ok = other_keys[0] if other_keys else None
        if ok:
            base_sel.append(ok)
        lines += ["base as (", "", "    select"]
        lines += join_lines(base_sel, 8)
        lines.append("    from %s" % (REF % primary.name))
        lines.append("    where %s is not null" % key)
        if time and rng.random() < 0.5:
            lit = "date" if time.kind == "date" else "timestamp"
            lines.append("      and %s >= %s '%d-01-01'" % (time.name, lit, rng.choice([2018, 2020, 2021])))
        lines += ["", "),", ""]
        out_cols = [Col(names.take(key), "key")]
        sel = ["base.%s" % key]
        group = ["base.%s" % key]
        if time:
            out_cols.append(Col(names.take(period), "date", period))
            sel.append("base.%s" % period)
            group.append("base.%s" % period)
        n = names.take("row_count")
        sel.append("count(*) as %s" % n)
        out_cols.append(Col(n, "num", "row_count"))
        for c in picked_nums:
            agg = rng.choice(["sum", "sum", "avg", "max"])
            n = names.take("%s_%s" % ({"sum": "total", "avg": "avg", "max": "max"}[agg], c.root))
            expr = "%s(base.%s)" % (agg, c.name) if agg != "avg" else "avg(base.%s::double)" % c.name
            sel.append("%s as %s" % (expr, n))
            out_cols.append(Col(n, "num", c.root))
        cat = next((x for x in cats if x.name in base_sel), None)
        if cat:
            n = names.take("distinct_%ss" % cat.root)
            sel.append("count(distinct base.%s) as %s" % (cat.name, n))
            out_cols.append(Col(n, "num", cat.root))
        if f is not None:
            n = names.take("%s_count" % f.root)
            if rng.random() < 0.5:
                sel.append("count(*) filter (where base.%s) as %s" % (f.name, n))
            else:
                sel.append("sum(case when base.%s then 1 else 0 end) as %s" % (f.name, n))
            out_cols.append(Col(n, "num", f.root))
        if ok:
            n = names.take("distinct_%ss" % ENTITY_WORDS.get(ok, ok))
            sel.append("count(distinct base.%s) as %s" % (ok, n))
            out_cols.append(Col(n, "num", ok))
        from_lines = ["    from base"]
        for alias, outs in agg_outputs:
            kind = rng.choice(["left join", "inner join"])
            from_lines.append("    %s %s" % (kind, alias))
            from_lines.append("        on base.%s = %s.%s" % (key, alias, key))
            for local, k, root in outs[: rng.choice([1, 2] if self.compact else [2, 3])]:
                n = names.take(local)
                agg = "max" if k in TIME_KINDS or rng.random() < 0.5 else "sum"
                sel.append("%s(%s.%s) as %s" % (agg, alias, local, n))
                out_cols.append(Col(n, k, root))
        lines += ["rolled as (", "", "    select"]
        lines += join_lines(sel, 8)
        lines += from_lines
        lines.append("    group by")
        lines += join_lines(group, 8)
        lines += ["", "),", ""]
        # final: cumulative and period-over-period windows, a CASE
        totals = [c for c in out_cols if c.kind == "num" and c.name != "row_count"] or \
            [c for c in out_cols if c.kind == "num"]
        m = rng.choice(totals)
        fin = ["rolled.*"]
        if time:
            n1 = names.take("cumulative_%s" % m.root)
            fin.append(["        sum(%s) over (" % m.name,
                        "            partition by %s order by %s" % (key, period),
                        "            rows between unbounded preceding and current row",
                        "        ) as %s" % n1])
            n2 = names.take("%s_change" % m.root)
            fin.append("%s - lag(%s) over (partition by %s order by %s) as %s" % (m.name, m.name, key, period, n2))
            out_cols += [Col(n1, "num", m.root), Col(n2, "num", m.root)]
        else:
            n1 = names.take("%s_rank" % m.root)
            fin.append("rank() over (order by %s desc) as %s" % (m.name, n1))
            out_cols.append(Col(n1, "num", m.root))
        n3 = names.take("%s_tier" % m.root)
        fin.append(case_tier(rng, m.name, n3, 8, self.compact))
        out_cols.append(Col(n3, "cat", m.root))
        lines += ["final as (", "", "    select"]
        lines += join_lines(fin, 8)
        lines += ["    from rolled", "", ")", ""]
        final = self.final_select(model, lines, out_cols, key, "final")
        if rng.random() < 0.3:
            lines.append("where row_count > 0")
        model.grain = [key, period] if time else [key]
        return "\n".join(lines) + "\n"

    # -- the whole project -------------------------------------------------------------------
    def generate(self):
        n = self.n
        tables = list(RAW_TABLES)
        n_stg = max(len(tables), round(n * 0.12)) if n >= len(tables) else n
        n_mart = round((n - n_stg) * 0.22)
        n_int = n - n_stg - n_mart
        for i in range(n_stg):
            table = tables[i % len(tables)] if i < len(tables) else self.rng.choice(tables)
            model, text = self.staging(table, 0 if i < len(tables) else 1)
            self.register(model, text)
        # Models are generated in dependency order: each reads only models made before it.
        for _ in range(n_int):
            model, text = self.derived_model("int")
            self.register(model, text)
        for _ in range(n_mart):
            model, text = self.derived_model("mart")
            self.register(model, text)


# ---------------------------------------------------------------------------------------------
# Writing the two projects

def yaml_type(t):
    return '"%s"' % t if "," in t else t


def write_smelt(out, gen):
    root = os.path.join(out, "smelt")
    with open(os.path.join(root, "smelt.yml"), "w") as f:
        f.write("# Generated by bench/gen/gen_project.py --models %d --seed %d\n" % (gen.n, gen.seed))
        f.write("name: bench\nversion: 1\nmodel_paths: [models]\ndefault_target: dev\n"
                "default_materialization: view\ntargets:\n"
                "  dev: { type: duckdb, database: target/dev.duckdb, schema: main }\n")
    with open(os.path.join(root, "sources.yml"), "w") as f:
        f.write("version: 1\nsources:\n  raw:\n    tables:\n")
        for table, spec in RAW_TABLES.items():
            f.write("      %s:\n        columns:\n" % table)
            for name, typ, _ in spec["cols"]:
                nn = ", nullable: false" if name in spec["pk"] else ""
                f.write("          - { name: %s, type: %s%s }\n" % (name, yaml_type(typ), nn))
    for model, text in gen.models:
        path = os.path.join(root, "models", model.folder, model.name + ".sql")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(render(text, "smelt"))


def dbt_config(model):
    parts = []
    if model.materialized:
        parts.append("materialized='%s'" % model.materialized)
    if model.tags:
        parts.append("tags=[%s]" % ", ".join("'%s'" % t for t in model.tags))
    return "{{ config(%s) }}\n" % ", ".join(parts) if parts else ""


def write_dbt(out, gen):
    root = os.path.join(out, "dbt")
    with open(os.path.join(root, "dbt_project.yml"), "w") as f:
        f.write("# Generated by bench/gen/gen_project.py --models %d --seed %d\n" % (gen.n, gen.seed))
        f.write("name: bench\nversion: '1.0'\nconfig-version: 2\nprofile: bench\nmodel-paths: [models]\n"
                "models:\n  bench:\n    +materialized: view\n")
    with open(os.path.join(root, "profiles.yml"), "w") as f:
        f.write("bench:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
                "      path: target/dev.duckdb\n      schema: main\n      threads: 2\n")
    with open(os.path.join(root, "models", "sources.yml"), "w") as f:
        f.write("version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n")
        for table, spec in RAW_TABLES.items():
            f.write("      - name: %s\n        columns:\n" % table)
            for name, typ, _ in spec["cols"]:
                f.write("          - name: %s\n            data_type: %s\n" % (name, yaml_type(typ)))
    for model, text in gen.models:
        path = os.path.join(root, "models", model.folder, model.name + ".sql")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        body = render(text, "dbt")
        # annotations are smelt syntax; the dbt twin says the same with config()
        lines = body.split("\n")
        while lines and (lines[0].startswith("-- @")):
            lines.pop(0)
        with open(path, "w") as f:
            f.write(dbt_config(model) + "\n".join(lines))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", type=int, default=10000, help="number of models (default 10000)")
    ap.add_argument("--out", default="build/bench/project", help="output folder (default build/bench/project)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    args = ap.parse_args(argv)
    if args.models < 1:
        ap.error("--models must be at least 1")
    gen = Generator(args.models, args.seed)
    gen.generate()
    for sub in ("smelt", "dbt"):
        shutil.rmtree(os.path.join(args.out, sub), ignore_errors=True)
        os.makedirs(os.path.join(args.out, sub, "models"), exist_ok=True)
    write_smelt(args.out, gen)
    write_dbt(args.out, gen)
    manifest = {
        "seed": args.seed,
        "sources": {t: [[n, ty] for n, ty, _ in s["cols"]] for t, s in RAW_TABLES.items()},
        "models": [{"name": m.name, "layer": m.layer, "path": "models/%s/%s.sql" % (m.folder, m.name),
                    "upstreams": m.upstreams, "sources": m.sources, "lines": m.lines,
                    "columns": [c.name for c in m.cols]} for m, _ in gen.models],
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    lines = [m.lines for m, _ in gen.models]
    fan_out = {}
    for m, _ in gen.models:
        for u in m.upstreams:
            fan_out[u] = fan_out.get(u, 0) + 1
    layers = {}
    for m, _ in gen.models:
        layers[m.layer] = layers.get(m.layer, 0) + 1
    print("generated %d models (%s) in %s/{smelt,dbt}: lines %d-%d (mean %.1f), max fan-out %d, "
          "mean fan-in %.2f" % (
              len(gen.models), ", ".join("%s %d" % kv for kv in layers.items()), args.out, min(lines), max(lines),
              sum(lines) / len(lines), max(fan_out.values()) if fan_out else 0,
              sum(len(m.upstreams) for m, _ in gen.models if m.upstreams) /
              max(1, sum(1 for m, _ in gen.models if m.upstreams))))


if __name__ == "__main__":
    main(sys.argv[1:])
