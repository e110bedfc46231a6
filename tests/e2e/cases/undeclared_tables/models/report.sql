SELECT *
FROM raw.order
JOIN payments p ON p.order_id = raw.order.order_id
JOIN orders o ON o.order_id = p.order_id
JOIN customers c ON c.id = o.customer_id
