-- @materialize: ephemeral
SELECT * FROM smelt.ref('orders') WHERE amount > 0
