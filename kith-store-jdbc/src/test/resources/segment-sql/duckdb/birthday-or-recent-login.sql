WITH c1 AS (
  SELECT profile_id, value FROM profile_traits WHERE name = 'birthday'
),
c2 AS (
  SELECT profile_id, value FROM profile_traits WHERE name = 'last_login'
)
SELECT p.id AS profile_id
FROM profiles p
LEFT JOIN c1 ON c1.profile_id = p.id
LEFT JOIN c2 ON c2.profile_id = p.id
WHERE (COALESCE(CASE WHEN json_type(c1.value) = 'VARCHAR' AND regexp_full_match(json_extract_string(c1.value, '$'), '[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?') THEN TRY_CAST(CASE WHEN length(regexp_replace(json_extract_string(c1.value, '$'), '(\.[0-9]{6})[0-9]+', '\1')) = 10 THEN regexp_replace(json_extract_string(c1.value, '$'), '(\.[0-9]{6})[0-9]+', '\1') || ' 00:00:00+00' ELSE regexp_replace(json_extract_string(c1.value, '$'), '(\.[0-9]{6})[0-9]+', '\1') END AS TIMESTAMPTZ) END < TIMESTAMPTZ '2000-01-01 00:00:00.000000+00', FALSE) OR COALESCE((CASE WHEN json_type(c2.value) = 'VARCHAR' AND regexp_full_match(json_extract_string(c2.value, '$'), '[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?') THEN TRY_CAST(CASE WHEN length(regexp_replace(json_extract_string(c2.value, '$'), '(\.[0-9]{6})[0-9]+', '\1')) = 10 THEN regexp_replace(json_extract_string(c2.value, '$'), '(\.[0-9]{6})[0-9]+', '\1') || ' 00:00:00+00' ELSE regexp_replace(json_extract_string(c2.value, '$'), '(\.[0-9]{6})[0-9]+', '\1') END AS TIMESTAMPTZ) END >= TIMESTAMPTZ '2026-05-02 12:00:00.000000+00' AND CASE WHEN json_type(c2.value) = 'VARCHAR' AND regexp_full_match(json_extract_string(c2.value, '$'), '[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?') THEN TRY_CAST(CASE WHEN length(regexp_replace(json_extract_string(c2.value, '$'), '(\.[0-9]{6})[0-9]+', '\1')) = 10 THEN regexp_replace(json_extract_string(c2.value, '$'), '(\.[0-9]{6})[0-9]+', '\1') || ' 00:00:00+00' ELSE regexp_replace(json_extract_string(c2.value, '$'), '(\.[0-9]{6})[0-9]+', '\1') END AS TIMESTAMPTZ) END <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00'), FALSE))
ORDER BY p.id
