SELECT * FROM smelt.ref('orders)
WHERE x = 1
