SELECT sum(amount) FROM smelt.ref('order')
JOIN payments USING (order_id)
