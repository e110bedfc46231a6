SELECT k.id, k.v, o.order_id
FROM smelt.ref('keep') k
JOIN raw.orders o ON o.order_id = k.id
JOIN raw.customers c ON c.customer_id = k.id
