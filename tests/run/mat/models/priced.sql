-- @materialize: ephemeral
SELECT id, price * 2 AS double_price
FROM smelt.ref('stg_items')
