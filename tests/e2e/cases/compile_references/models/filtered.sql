-- keep this comment
SELECT o.order_id FROM smelt.ref('orders', filter => amount > 100) o
