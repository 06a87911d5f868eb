WITH c1 AS (
  SELECT profile_id, count(v1) FILTER (WHERE m.ts >= TIMESTAMPTZ '2026-03-03 12:00:00.000000+00' AND m.ts < TIMESTAMPTZ '2026-05-02 12:00:00.000000+00') AS k1, sum(v1) FILTER (WHERE m.ts >= TIMESTAMPTZ '2026-03-03 12:00:00.000000+00' AND m.ts < TIMESTAMPTZ '2026-05-02 12:00:00.000000+00') AS s1
  FROM (
    SELECT ep.profile_id, e.ts, CASE WHEN json_type(json_extract(e.json, '$."properties"."total"')) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') THEN TRY_CAST(json_extract_string(json_extract(e.json, '$."properties"."total"'), '$') AS DECIMAL(38, 10)) END AS v1
    FROM events e JOIN event_people ep ON ep.seq = e.seq
    WHERE e.seq < 1000000
      AND e.ts <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00'
      AND e.event = 'Order Completed'
      AND COALESCE((json_extract(e.json, '$."properties"."currency"') = '"GBP"' OR ((strpos(json_extract(e.json, '$."properties"."currency"'), '\') > 0 OR left(json_extract(e.json, '$."properties"."currency"'), 1) <> '"' OR right(json_extract(e.json, '$."properties"."currency"'), 1) <> '"') AND (json_type(json_extract(e.json, '$."properties"."currency"')) = 'VARCHAR' AND CASE WHEN json_type(json_extract(e.json, '$."properties"."currency"')) = 'VARCHAR' THEN json_extract_string(json_extract(e.json, '$."properties"."currency"'), '$') END = 'GBP'))), FALSE)
  ) m
  GROUP BY profile_id
),
c2 AS (
  SELECT profile_id, count(*) FILTER (WHERE m.ts >= TIMESTAMPTZ '2026-05-02 12:00:00.000000+00' AND m.ts <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00') AS n1
  FROM (
    SELECT ep.profile_id, e.ts
    FROM events e JOIN event_people ep ON ep.seq = e.seq
    WHERE e.seq < 1000000
      AND e.ts <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00'
      AND e.event = 'Order Completed'
  ) m
  GROUP BY profile_id
)
SELECT p.id AS profile_id
FROM profiles p
JOIN c1 ON c1.profile_id = p.id
LEFT JOIN c2 ON c2.profile_id = p.id
WHERE (COALESCE((c1.k1 > 0 AND c1.s1 > 100.5), FALSE) AND NOT COALESCE(COALESCE(c2.n1, 0) >= 1, FALSE))
ORDER BY p.id
