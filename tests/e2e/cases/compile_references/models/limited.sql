SELECT * FROM smelt.ref('orders', limit => 10)
