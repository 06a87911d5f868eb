WITH c1 AS (
  SELECT profile_id, value FROM profile_traits WHERE name = 'plan' AND COALESCE((value = '"gold"' OR ((strpos(value, '\') > 0 OR left(value, 1) <> '"' OR right(value, 1) <> '"') AND (json_type(value) = 'VARCHAR' AND CASE WHEN json_type(value) = 'VARCHAR' THEN json_extract_string(value, '$') END = 'gold'))), FALSE)
),
c2 AS (
  SELECT profile_id, value FROM profile_traits WHERE name = 'address' AND COALESCE((json_type(json_extract(value, '$."city"')) = 'VARCHAR' AND starts_with(CASE WHEN json_type(json_extract(value, '$."city"')) = 'VARCHAR' THEN json_extract_string(json_extract(value, '$."city"'), '$') END, 'Lee')), FALSE)
),
c3 AS (
  SELECT DISTINCT profile_id FROM profile_identifiers WHERE type = 'email'
)
SELECT p.id AS profile_id
FROM profiles p
JOIN c1 ON c1.profile_id = p.id
JOIN c2 ON c2.profile_id = p.id
JOIN c3 ON c3.profile_id = p.id
WHERE (c1.profile_id IS NOT NULL AND c2.profile_id IS NOT NULL AND c3.profile_id IS NOT NULL)
ORDER BY p.id
