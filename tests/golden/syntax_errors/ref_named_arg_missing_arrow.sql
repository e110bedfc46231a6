SELECT * FROM smelt.ref('orders', filter status = 'paid')
