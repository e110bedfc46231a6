SELECT sum(amount) FROM smelt.ref('order')
