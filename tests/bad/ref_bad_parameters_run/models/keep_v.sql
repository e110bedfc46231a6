SELECT id, v
FROM smelt.ref('keep', 'again')
JOIN smelt.ref(keep) USING (id)
JOIN smelt.ref() USING (id)
