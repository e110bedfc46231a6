SELECT g.id FROM smelt.ref('good') AS g JOIN smelt.ref('bad') AS b ON b.id = g.id
