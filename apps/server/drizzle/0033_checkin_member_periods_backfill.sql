-- Membership periods for memberships that existed before the periods table: active members from the
-- China day of their consent (the trend counts who was a member on each day).
INSERT INTO "checkin_member_periods" ("org_id", "citizen_id", "from_day", "to_day")
SELECT "org_id", "citizen_id", (("consent_at" AT TIME ZONE 'Asia/Shanghai')::date), NULL
  FROM "checkin_members"
 WHERE "status" = 'active' AND "consent_at" IS NOT NULL
ON CONFLICT DO NOTHING;
