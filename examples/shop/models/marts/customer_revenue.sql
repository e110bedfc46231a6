-- @tags: daily, finance
-- Revenue per customer from paid orders only.
SELECT c.customer_id,
       c.name,
       c.country,
       count(*)      AS paid_orders,
       sum(o.amount) AS revenue
FROM smelt.ref('stg_customers') AS c
JOIN smelt.ref('stg_orders', filter => status = 'paid') AS o
  ON o.customer_id = c.customer_id
GROUP BY ALL
