SELECT orders.amount FROM smelt.ref('orders', inline => true)
