-- @materialize: incremental
-- @partition_by: id
SELECT id, name
FROM smelt.ref('stg_items')
