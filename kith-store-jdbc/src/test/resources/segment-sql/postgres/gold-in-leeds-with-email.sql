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
WHERE (COALESCE((json_typeof(c1.value) = 'string' AND CASE WHEN json_typeof(c1.value) = 'string' THEN (c1.value #>> '{}') END = 'gold'), FALSE) AND COALESCE((json_typeof((c2.value #> '{city}')) = 'string' AND starts_with(CASE WHEN json_typeof((c2.value #> '{city}')) = 'string' THEN ((c2.value #> '{city}') #>> '{}') END, 'Lee')), FALSE) AND c3.profile_id IS NOT NULL)
ORDER BY p.id
