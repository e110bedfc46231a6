-- A view reading an ephemeral model, which is inlined into it.
SELECT id
FROM smelt.ref('priced')
WHERE double_price > 10
