SELECT * FROM smelt.ref(orders)
