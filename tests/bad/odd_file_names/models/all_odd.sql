SELECT id FROM smelt.ref('x"; DROP TABLE keep; --')
UNION ALL SELECT id FROM smelt.ref('my model')
UNION ALL SELECT id FROM smelt.ref('it''s')
UNION ALL SELECT id FROM smelt.ref('back`tick')
UNION ALL SELECT id FROM smelt.ref('semi;colon')
ORDER BY id
