-- @materialize: table
SELECT order_id, customer_id, order_date, amount
FROM smelt.ref('stg_orders', limit => 100)
ORDER BY order_date DESC
