SELECT *
FROM smelt.ref('orders', as_of => TIMESTAMP '2024-01-01 00:00:00')
