SELECT * FROM a JOIN b ON a.id = b.id AND WHERE a.x > 1
