SELECT * FROM smelt.ref('orders', sample => 0.1) AS s
