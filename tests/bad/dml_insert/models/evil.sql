INSERT INTO keep VALUES (2, 'injected')
