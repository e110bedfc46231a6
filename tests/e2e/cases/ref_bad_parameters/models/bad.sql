SELECT *
FROM smelt.ref('orders', fitler => amount > 0) a
JOIN smelt.ref('orders', limit => 5, limit => 6) b USING (order_id)
JOIN smelt.ref('orders', limit => 'x') c USING (order_id)
JOIN smelt.ref('orders', sample => 2) d USING (order_id)
JOIN smelt.ref('orders', inline => maybe) e USING (order_id)
