-- Orders as the shop records them, with the status normalised.
SELECT order_id,
       customer_id,
       order_date,
       lower(status) AS status,
       amount
FROM raw.orders
