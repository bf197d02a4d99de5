"""The canned queries the web catalog offers: search, a paper's page, boards, topics, digests.

Search follows store/search.py step by step, with the bot's own query builder registered as SQL
functions (search_functions.py): the notes of every group first (one row per entry, best match
first), then stored papers among the newest PAPER_POOL matches, leaving out papers a group has
noted and ids excluded with `-2401.04088`. An id search lists notes newest first, then papers.
Only each author's latest revision is searched (older ones stay in history).
"""

from __future__ import annotations

from store.notes import IS_LATEST
from store.schema.m0035_web_views import _CHAIN, GROUP_CHAT, PAPER_YEAR
from store.search import PAPER_POOL

SEARCH = f"""
with shown as (select g.chat_id from groups g where {GROUP_CHAT}),
skip as (select value as arxiv_id from json_each(paperclub_excluded_ids(:q))),
asked as (select value as arxiv_id from json_each(paperclub_ids(:q))),
note_matches as (
  select n.id, n.entry_key, n.arxiv_id, notes_fts.rank as score
  from notes_fts cross join notes n on n.id = notes_fts.rowid
  where notes_fts match paperclub_match_notes(:q) and n.chat_id in (select chat_id from shown)
    and coalesce(n.arxiv_id, '') not in (select arxiv_id from skip) and {IS_LATEST}
  union all
  select n.id, n.entry_key, n.arxiv_id, -n.id as score from notes n
  where n.chat_id in (select chat_id from shown) and n.arxiv_id in (select arxiv_id from asked)
    and {IS_LATEST}
),
noted as (
  select entry_key, arxiv_id, id as note_id, min(score) as score
  from note_matches group by entry_key
),
paper_matches as (
  select k.arxiv_id, m.rank as score
  from (select rowid, rank from papers_fts where papers_fts match paperclub_match_papers(:q)
        order by rowid desc limit {PAPER_POOL} + (select count(*) from skip)) m
  cross join search_keys k on k.id = m.rowid
  union all
  select k.arxiv_id, 0 as score from search_keys k where k.arxiv_id in (select arxiv_id from asked)
),
found as (
  select 1 as section, entry_key as entry, arxiv_id, note_id, score from noted
  union all
  select 2, arxiv_id, arxiv_id, null, score from paper_matches
  where arxiv_id not in (select arxiv_id from skip)
    and arxiv_id not in (select arxiv_id from notes
                         where chat_id in (select chat_id from shown) and arxiv_id is not null)
)
select case f.section when 1 then 'group notes' else 'stored papers' end as found_in,
  f.entry,
  coalesce(nullif(p.title, ''),
           (select nullif(n.title, '') from notes n where n.entry_key = f.entry
            and n.chat_id in (select chat_id from shown) and n.title != '' order by n.id desc),
           f.entry) as title,
  {PAPER_YEAR.format(p="p", id="f.arxiv_id")} as year,
  coalesce((select group_concat(distinct w.author) from web_notes w where w.entry = f.entry),
           case when f.section = 1 then 'club catalog' end) as noted_by,
  substr(coalesce((select n.raw_text from notes n where n.id = f.note_id), p.abstract, ''), 1, 280)
    as excerpt
from found f left join papers p on p.arxiv_id = f.arxiv_id
order by f.section, f.score, f.entry
"""

PAPER = f"""
with key as (select paperclub_entry(:id) as entry)
select key.entry as entry,
  coalesce(nullif(p.title, ''), w.paper, key.entry) as title,
  wp.authors, coalesce(wp.year, w.year) as year, wp.published, wp.categories,
  p.abstract,
  case when p.arxiv_id is not null or key.entry glob '[0-9][0-9][0-9][0-9].[0-9]*'
       then 'https://arxiv.org/abs/' || key.entry end as arxiv_url,
  (select json_group_array(json_object('presenter', c.presenter, 'group', c."group",
                                       'due', c.due))
   from web_claims c where c.entry = key.entry and c.status = 'open') as presenting,
  (select json_group_object(s.language, s.text) from summaries s
   where s.arxiv_id = key.entry and s.version = coalesce(p.version, 0)) as summaries,
  w."group", w.author, w.tags, w.written, w.text, w.note_id,
  (select count(*) from notes r join notes k on k.id = w.note_id
   where r.chat_id = k.chat_id and r.entry_key = k.entry_key and r.source != 'import'
     and {_CHAIN.format(r="r")} = {_CHAIN.format(r="k")}) as revisions
from key
left join papers p on p.arxiv_id = key.entry
left join web_papers wp on wp.entry = key.entry
left join web_notes w on w.entry = key.entry
order by w."group", w.note_id
"""

CLAIMS = """
select "group", entry, paper, presenter, claimed, due from web_claims
where status = 'open' and (:group = '' or "group" = :group)
order by "group", due, claimed
"""

TOPIC = """
select w."group", w.entry, w.paper, w.author, w.tags, w.year, w.written,
  substr(w.text, 1, 400) as text
from web_notes w
where :tag = '' or exists (select 1 from json_each(w.tags) t
                           where lower(t.value) = lower(trim(:tag)))
order by w.note_id desc
"""

TOPICS = """
select t.value as topic, count(*) as notes, count(distinct w."group") as groups
from web_notes w, json_each(w.tags) t
group by t.value order by notes desc, topic
"""

DIGEST = """
select "group", listing, rank, entry, paper, why from web_digests
where listing >= date('now', '-6 days') and (:group = '' or "group" = :group)
order by listing desc, "group", rank
"""

# `?_q=` on the notes and papers views: the same matching, so search results get facets.
NOTES_MATCHING = """
(note_id in (select rowid from notes_fts where notes_fts match paperclub_match_notes(:paperclub_q))
 or entry in (select value from json_each(paperclub_ids(:paperclub_q))))
and entry not in (select value from json_each(paperclub_excluded_ids(:paperclub_q)))
"""
PAPERS_MATCHING = """
(entry in (select k.arxiv_id from papers_fts cross join search_keys k on k.id = papers_fts.rowid
           where papers_fts match paperclub_match_papers(:paperclub_q))
 or entry in (select value from json_each(paperclub_ids(:paperclub_q))))
and entry not in (select value from json_each(paperclub_excluded_ids(:paperclub_q)))
"""
MATCHING = {"web_notes": NOTES_MATCHING, "web_papers": PAPERS_MATCHING}

# The home page: the groups, this week's notes, the claims still to be presented.
HOME_GROUPS = f"""
select g.title, (select count(*) from web_notes w where w."group" = g.title) as notes
from groups g where {GROUP_CHAT} and coalesce(g.title, '') != '' order by g.title
"""
HOME_NOTES = """
select "group", entry, paper, author, written from web_notes
where written >= date(:today, '-6 days') order by note_id desc limit 20
"""
HOME_PRESENTERS = """
select "group", entry, paper, presenter, due from web_claims
where status = 'open' and (due is null or due >= :today) order by due is null, due limit 20
"""

# A page's language: the group it names, else the one language of the groups noting its paper.
GROUP_LANGUAGE = f"""
select g.language from groups g where {GROUP_CHAT} and g.title = :group
union all
select * from (select distinct g.language from notes n join groups g on g.chat_id = n.chat_id
               where {GROUP_CHAT} and n.entry_key = paperclub_entry(:id) limit 2)
"""

# Every revision of the note `:note` (a web_notes note_id): its chain, as the web_notes view.
REVISIONS = f"""
select g.title as "group", n.entry_key as entry, n.revision, substr(n.created_at, 1, 10) as written,
  n.raw_text as text
from notes n join notes k on k.id = cast(:note as integer)
join groups g on g.chat_id = n.chat_id and {GROUP_CHAT}
where n.chat_id = k.chat_id and n.entry_key = k.entry_key and n.source != 'import'
  and k.id in (select note_id from web_notes)
  and {_CHAIN.format(r="n")} = {_CHAIN.format(r="k")}
order by n.revision desc
"""
