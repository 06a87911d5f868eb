WITH c1 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'consent' AND name = 'email'
),
c2 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'model' AND name = 'churn'
),
c3 AS (
  SELECT profile_id FROM segment_members WHERE segment_key = 'newsletter-readers'
)
SELECT p.id AS profile_id
FROM profiles p
LEFT JOIN c1 ON c1.profile_id = p.id
LEFT JOIN c2 ON c2.profile_id = p.id
LEFT JOIN c3 ON c3.profile_id = p.id
WHERE (COALESCE((json_type(c1.value) = 'VARCHAR' AND CASE WHEN json_type(c1.value) = 'VARCHAR' THEN json_extract_string(c1.value, '$') END = 'granted'), FALSE) AND COALESCE((json_type(c2.value) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') AND CASE WHEN json_type(c2.value) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') THEN TRY_CAST(json_extract_string(c2.value, '$') AS DECIMAL(38, 10)) END >= 0.7), FALSE) AND COALESCE(list_contains(p.brands, 'northwind'), FALSE) AND c3.profile_id IS NOT NULL)
ORDER BY p.id
