-- Which query uses each index of `tickets` (issue 15; docs/tickets.md "Indexes").
--   psql <url of a loaded bench database, e.g. the 1 M-ticket one of bench/tickets-scale.ts> -f bench/sql/tickets-index-usage.sql
-- Every statement is prepared with parameters and explained as planned with their values
-- (force_custom_plan: what the app's drivers get — node-postgres and PGlite send unnamed statements,
-- planned for the values given). Run it again with `-v generic=1` to see the generic plans (the
-- values unknown): the partial indexes are still chosen for "department = $1" etc., since a strict
-- "=" implies "is not null".
\if :{?generic}
set plan_cache_mode = force_generic_plan;
\else
set plan_cache_mode = force_custom_plan;
\endif
\pset pager off

\echo '== tickets_pkey: findTicket / findTicketForUpdate (every step on a ticket)'
prepare by_id(uuid) as select * from tickets where id = $1;
explain (costs off) execute by_id('00000000-0000-0000-0000-000000000000');

\echo '== tickets_number_idx: progress query, support, merge master by number'
prepare by_number(text) as select * from tickets where number = $1;
explain (costs off) execute by_number('TK20261206-4F7Q2K');

\echo '== tickets_department_idx (partial): a department worklist count with filters (index-only)'
prepare dept_count(text, text, text) as select count(*)::int from (select 1 from tickets where region_code like $1 and department = $2 and status in ('accepted', 'assigned') and kind = $3 limit 1001) c;
explain (costs off) execute dept_count('5106%', '旌阳区卫健局', 'complaint');

\echo '== tickets_open_department_due_idx (partial): a department worklist, overdue run'
prepare dept_overdue(text, text, timestamptz) as select id, due_at from tickets where region_code like $1 and department = $2 and status in ('submitted', 'accepted', 'assigned', 'in_progress') and due_at < $3 order by due_at, id limit 20;
explain (costs off) execute dept_overdue('5106%', '旌阳区卫健局', now());

\echo '== tickets_department_due_idx (partial): a department worklist, the rest in deadline order'
prepare dept_rest(text, text, timestamptz) as select id, due_at from tickets where region_code like $1 and department = $2 and not (status in ('submitted', 'accepted', 'assigned', 'in_progress') and due_at < $3) order by due_at, id limit 20;
explain (costs off) execute dept_rest('5106%', '旌阳区卫健局', now());

\echo '== tickets_open_due_idx (partial): a dispatcher worklist, overdue run'
prepare disp_overdue(text, timestamptz) as select id, due_at from tickets where region_code like $1 and status in ('submitted', 'accepted', 'assigned', 'in_progress') and due_at < $2 order by due_at, id limit 20;
explain (costs off) execute disp_overdue('5106%', now());

\echo '== tickets_open_due_idx (partial): the deadline job (escalation pick)'
prepare escalate(timestamptz) as select id from tickets where status in ('submitted', 'accepted', 'assigned', 'in_progress') and escalated_at is null and due_at <= $1 limit 200;
explain (costs off) execute escalate(now());

\echo '== tickets_due_idx: a dispatcher worklist, the rest in deadline order'
prepare disp_rest(text, timestamptz) as select id, due_at from tickets where region_code like $1 and not (status in ('submitted', 'accepted', 'assigned', 'in_progress') and due_at < $2) order by due_at, id limit 20;
explain (costs off) execute disp_rest('5106%', now());

\echo '== tickets_created_idx: Open311 GET requests.json (a created-at window, newest first, at most 1 000)'
prepare o311(text, timestamptz, timestamptz) as select * from tickets where created_at >= $2 and created_at <= $3 and region_code like $1 order by created_at desc limit 1000;
explain (costs off) execute o311('5106%', now() - interval '90 days', now());

\echo '== tickets_created_idx: duplicate suggestions (same kind and county, the last 90 days, open)'
prepare sim(text, text, timestamptz) as select * from tickets where kind = $1 and region_code like $2 and created_at >= $3 and status not in ('rejected', 'closed', 'visited', 'merged') order by created_at desc limit 200;
explain (costs off) execute sim('complaint', '510603%', now() - interval '90 days');

\echo '== tickets_created_idx: routing rules dry-run (the region''s last 100 tickets)'
prepare dry_run(text) as select * from tickets where region_code like $1 order by created_at desc limit 100;
explain (costs off) execute dry_run('5106%');

\echo '== tickets_reporter_idx (partial): a citizen''s own tickets'
prepare own(uuid) as select * from tickets where reporter_citizen_id = $1 order by created_at desc limit 50;
explain (costs off) execute own('00000000-0000-0000-0000-000000000000');

\echo '== tickets_master_idx (partial): a master''s duplicates (merge, the master''s answer)'
prepare dups(uuid) as select * from tickets where master_id = $1 order by created_at;
explain (costs off) execute dups('00000000-0000-0000-0000-000000000000');

\echo '== tickets_external_idx (partial, unique): a forwarded clue by (client, external id)'
prepare clue(uuid, text) as select * from tickets where api_client_id = $1 and external_id = $2;
explain (costs off) execute clue('00000000-0000-0000-0000-000000000000', 'GB-1');

\echo '== the indexes of tickets, with their size'
select indexrelname, pg_size_pretty(pg_relation_size(indexrelid)) as size from pg_stat_user_indexes where relname = 'tickets' order by 1;
