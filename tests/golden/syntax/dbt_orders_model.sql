-- @materialize: incremental
-- @unique_key: order_id
-- @partition_by: order_date
/* Orders enriched with customer facts and a running total per customer. */
WITH orders AS (
    SELECT
        o.order_id,
        o.customer_id,
        CAST(o.ordered_at AS DATE) AS order_date,
        o.amount::DECIMAL(12, 2) AS amount,
        lower(trim(o.status)) AS status
    FROM smelt.ref('stg_orders', filter => status <> 'test') AS o
    WHERE o.ordered_at >= DATE '2024-01-01'
),

customers AS (
    SELECT customer_id, first_name || ' ' || last_name AS full_name, country
    FROM smelt.ref('stg_customers')
),

payments AS (
    SELECT order_id, sum(amount) FILTER (WHERE method = 'card') AS card_amount, count(*) AS payment_count
    FROM smelt.ref('stg_payments')
    GROUP BY order_id
)

SELECT
    orders.order_id,
    orders.order_date,
    customers.full_name,
    coalesce(payments.card_amount, 0) AS card_amount,
    CASE
        WHEN orders.status IN ('returned', 'return_pending') THEN 'returned'
        WHEN orders.amount BETWEEN 0 AND 100 THEN 'small'
        ELSE 'large'
    END AS size_bucket,
    sum(orders.amount) OVER (
        PARTITION BY orders.customer_id
        ORDER BY orders.order_date
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS running_total,
    row_number() OVER w AS order_rank
FROM orders
LEFT JOIN customers USING (customer_id)
LEFT OUTER JOIN payments ON payments.order_id = orders.order_id
WHERE NOT orders.status IS NULL
  AND orders.order_date > current_date - INTERVAL 30 DAYS
WINDOW w AS (PARTITION BY orders.customer_id ORDER BY orders.order_date DESC NULLS LAST)
QUALIFY order_rank <= 100
ORDER BY orders.order_date DESC, orders.order_id
