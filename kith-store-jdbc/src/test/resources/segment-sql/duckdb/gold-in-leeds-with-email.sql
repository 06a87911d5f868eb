WITH c1 AS (
  SELECT profile_id, value FROM profile_traits WHERE name = 'plan'
),
c2 AS (
  SELECT profile_id, value FROM profile_traits WHERE name = 'address'
),
c3 AS (
  SELECT DISTINCT profile_id FROM profile_identifiers WHERE type = 'email'
)
SELECT p.id AS profile_id
FROM profiles p
LEFT JOIN c1 ON c1.profile_id = p.id
LEFT JOIN c2 ON c2.profile_id = p.id
LEFT JOIN c3 ON c3.profile_id = p.id
WHERE (COALESCE((json_type(c1.value) = 'VARCHAR' AND CASE WHEN json_type(c1.value) = 'VARCHAR' THEN json_extract_string(c1.value, '$') END = 'gold'), FALSE) AND COALESCE((json_type(json_extract(c2.value, '$."city"')) = 'VARCHAR' AND starts_with(CASE WHEN json_type(json_extract(c2.value, '$."city"')) = 'VARCHAR' THEN json_extract_string(json_extract(c2.value, '$."city"'), '$') END, 'Lee')), FALSE) AND c3.profile_id IS NOT NULL)
ORDER BY p.id
