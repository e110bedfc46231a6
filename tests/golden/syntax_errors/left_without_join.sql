SELECT * FROM a LEFT b ON a.id = b.id
