SELECT * FROM a JOIN ON a.id = b.id
