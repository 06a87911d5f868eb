WITH c1 AS (
  SELECT profile_id, count(*) AS n, count(v) AS k, sum(v) AS s, min(v) AS lo, max(v) AS hi
  FROM (
    SELECT ep.profile_id, CASE WHEN json_type(json_extract(e.json, '$."properties"."total"')) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') THEN TRY_CAST(json_extract_string(json_extract(e.json, '$."properties"."total"'), '$') AS DECIMAL(38, 10)) END AS v
    FROM events e JOIN event_people ep ON ep.seq = e.seq
    WHERE e.seq < 1000000
      AND e.ts >= TIMESTAMPTZ '2026-03-03 12:00:00.000000+00'
      AND e.ts < TIMESTAMPTZ '2026-05-02 12:00:00.000000+00'
      AND e.event = 'Order Completed'
      AND COALESCE((json_type(json_extract(e.json, '$."properties"."currency"')) = 'VARCHAR' AND CASE WHEN json_type(json_extract(e.json, '$."properties"."currency"')) = 'VARCHAR' THEN json_extract_string(json_extract(e.json, '$."properties"."currency"'), '$') END = 'GBP'), FALSE)
  ) m
  GROUP BY profile_id
),
c2 AS (
  SELECT ep.profile_id, count(*) AS n
  FROM events e JOIN event_people ep ON ep.seq = e.seq
  WHERE e.seq < 1000000
    AND e.ts >= TIMESTAMPTZ '2026-05-02 12:00:00.000000+00'
    AND e.ts <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00'
    AND e.event = 'Order Completed'
  GROUP BY ep.profile_id
)
SELECT p.id AS profile_id
FROM profiles p
LEFT JOIN c1 ON c1.profile_id = p.id
LEFT JOIN c2 ON c2.profile_id = p.id
WHERE (COALESCE((c1.k > 0 AND c1.s > 100.5), FALSE) AND NOT COALESCE(COALESCE(c2.n, 0) >= 1, FALSE))
ORDER BY p.id
