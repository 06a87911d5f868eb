WITH c1 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'rfm' AND name = 'segment@O''Brien & Co'
)
SELECT p.id AS profile_id
FROM profiles p
LEFT JOIN c1 ON c1.profile_id = p.id
WHERE COALESCE((json_type(c1.value) = 'VARCHAR' AND CASE WHEN json_type(c1.value) = 'VARCHAR' THEN json_extract_string(c1.value, '$') END = 'Champions'), FALSE)
ORDER BY p.id
