SELECT order_id,
FROM raw.orders
WHERE amount > 
