SELECT p.order_id
FROM smelt.ref('paid_orders') p -- ephemeral: inlined
