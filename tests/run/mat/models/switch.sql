SELECT id, name
FROM smelt.ref('stg_items')
