-- A DuckDB-flavoured model: star modifiers, table functions, ASOF, samples, literals and lambdas.
WITH RECURSIVE calendar(day) AS (
    SELECT DATE '2024-01-01'
    UNION ALL
    SELECT day + INTERVAL '1' DAY FROM calendar WHERE day < DATE '2024-12-31'
),
prices AS MATERIALIZED (
    SELECT * EXCLUDE (raw_payload) REPLACE (price / 100.0 AS price)
    FROM read_csv('data/prices.csv', delim => '|', header := true)
    USING SAMPLE 10%
),
trades AS (
    SELECT t.* RENAME (ts AS traded_at), [t.qty, t.qty * 2] AS qtys, {'sym': t.symbol, qty: t.qty} AS info
    FROM smelt.ref('trades', limit => 1000, sample => 0.1) AS t TABLESAMPLE BERNOULLI (5)
)
SELECT DISTINCT ON (trades.symbol)
    trades.symbol,
    prices.price,
    list_transform(trades.qtys, x -> x + 1)[1:2] AS first_two,
    trades.info.sym AS sym,
    (trades.info).qty AS qty,
    MAP {'a': 1, 'b': 2}['a'] AS a,
    regexp_matches(trades.symbol, '^[A-Z]+$') AS upper_only,
    trades.traded_at AT TIME ZONE 'UTC' AS traded_utc,
    EXTRACT(YEAR FROM trades.traded_at) AS trade_year,
    TRY_CAST(trades.qty AS BIGINT) // 10 AS qty_tens,
    count(DISTINCT trades.account) OVER (PARTITION BY trades.symbol) AS accounts,
    smelt.metric('revenue', at => trades.traded_at::DATE) AS revenue_to_date
FROM trades
ASOF JOIN prices ON trades.symbol = prices.symbol AND trades.traded_at >= prices.ts
POSITIONAL JOIN range(10) AS r(i)
CROSS JOIN unnest([1, 2, 3]) AS u(n)
WHERE trades.symbol GLOB 'A*' OR trades.symbol ILIKE 'b%' ESCAPE '!'
ORDER BY ALL
LIMIT 100 OFFSET 10
