-- DuckDB forms smelt once refused: trailing commas, quantified comparisons, a file as a table,
-- prefix aliases, list comprehensions, star patterns and a SELECT-level sample.
WITH raw_events AS (
    SELECT
        event_id,
        user_id,
        tags,
    FROM 'data/events/*.parquet' AS e('event_id', user_id, tags),
),
vip AS (
    SELECT user_id FROM users WHERE tier = ANY (['gold', 'platinum']) USING SAMPLE 10 PERCENT
)
SELECT
    n_tags: len(tags),
    clean_tags: [lower(t) FOR t IN tags IF t <> ''],
    numbered: [i || ':' || t FOR t, i IN tags],
    e.* LIKE 'event_%',
    user_id = SOME (SELECT user_id FROM vip) AS is_vip,
    user_id <> ALL (SELECT user_id FROM banned) AS allowed,
FROM raw_events e
WHERE event_id IN (1, 2, 3,)
GROUP BY user_id, tags,
ORDER BY n_tags DESC
