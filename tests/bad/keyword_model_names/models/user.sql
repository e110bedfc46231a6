SELECT s.id, s.v, o.v AS o, f.v AS f, g.v AS g, t.v AS t
FROM smelt.ref('select') s
JOIN smelt.ref('order') o USING (id)
JOIN smelt.ref('from') f USING (id)
JOIN smelt.ref('group') g USING (id)
JOIN smelt.ref('table') t USING (id)
