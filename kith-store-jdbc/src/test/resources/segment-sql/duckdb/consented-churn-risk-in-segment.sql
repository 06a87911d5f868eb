WITH c1 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'consent' AND name = 'email' AND COALESCE((value = '"granted"' OR ((strpos(value, '\') > 0 OR left(value, 1) <> '"' OR right(value, 1) <> '"') AND (json_type(value) = 'VARCHAR' AND CASE WHEN json_type(value) = 'VARCHAR' THEN json_extract_string(value, '$') END = 'granted'))), FALSE)
),
c2 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'model' AND name = 'churn' AND COALESCE((json_type(value) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') AND CASE WHEN json_type(value) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') THEN TRY_CAST(json_extract_string(value, '$') AS DECIMAL(38, 10)) END >= 0.7), FALSE)
),
c3 AS (
  SELECT profile_id FROM segment_members WHERE segment_key = 'newsletter-readers'
)
SELECT p.id AS profile_id
FROM profiles p
JOIN c1 ON c1.profile_id = p.id
JOIN c2 ON c2.profile_id = p.id
JOIN c3 ON c3.profile_id = p.id
WHERE (c1.profile_id IS NOT NULL AND c2.profile_id IS NOT NULL AND c3.profile_id IS NOT NULL AND COALESCE(list_contains(p.brands, 'northwind'), FALSE))
ORDER BY p.id
