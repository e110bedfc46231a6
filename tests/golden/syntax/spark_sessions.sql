-- A Spark-flavoured model: backticks, generators, higher-order functions, typed literals.
SELECT /*+ BROADCAST(u) */
    `e`.`user_id`,
    u.`country code` AS country_code,
    page,
    transform(e.tags, t -> upper(t)) AS tags_upper,
    filter(e.scores, (s, i) -> s > 10 AND i < 3) AS top_scores,
    named_struct('first', e.first_seen, 'last', e.last_seen) AS seen,
    cast(e.props AS MAP<STRING, ARRAY<INT>>) AS props,
    e.event_ts + INTERVAL 1 DAY 2 HOURS AS next_day,
    date_format(e.event_ts, 'yyyy-MM-dd') AS event_date,
    e.bytes DIV 1024 AS kib,
    10L * e.count AS scaled,
    e.ratio RLIKE '^0\\.[0-9]+$' AS is_fraction,
    e.a <=> e.b AS same
FROM smelt.ref('events') e
LEFT SEMI JOIN smelt.ref('active_users') u ON e.user_id = u.user_id
LATERAL VIEW OUTER explode(e.pages) p AS page
LATERAL VIEW posexplode(e.clicks) c AS pos, click
WHERE e.event_date >= date_sub(current_date(), 7)
  AND e.kind NOT IN ('bot', 'crawler')
DISTRIBUTE BY e.user_id
SORT BY e.event_ts
