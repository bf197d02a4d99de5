"""The web's papers view counts a paper's notes only when it has any (migration 0075).

Datasette's facets wrap the view in `select ... from (select * from web_papers order by year
desc)`; the ORDER BY keeps SQLite from flattening it, so 0035's correlated count over web_notes
ran for every stored paper: 235 ms at 20,000 papers (bench/bench_web.py). Most stored papers have
no note: an indexed EXISTS on notes(arxiv_id) answers 0 for them at once (15 ms). Same columns
and values as 0035.
"""

from __future__ import annotations

from sqlite_utils import Database

from store.schema.m0035_web_views import PAPER_YEAR
from store.schema.statements import execute_statements

WEB_PAPERS_0075 = f"""
DROP VIEW IF EXISTS web_papers;

CREATE VIEW web_papers AS
SELECT p.arxiv_id AS entry,
       p.title AS title,
       CASE WHEN json_valid(p.authors)
            THEN (SELECT group_concat(value, ', ') FROM json_each(p.authors)) END AS authors,
       CASE WHEN json_valid(p.categories) THEN p.categories ELSE '[]' END AS categories,
       {PAPER_YEAR.format(p="p", id="p.arxiv_id")} AS year,
       substr(p.published, 1, 10) AS published,
       p.abstract AS abstract,
       CASE WHEN EXISTS (SELECT 1 FROM notes n WHERE n.arxiv_id = p.arxiv_id)
            THEN (SELECT count(*) FROM web_notes w WHERE w.entry = p.arxiv_id)
            ELSE 0 END AS notes
FROM papers p;
"""


def migrate(db: Database) -> None:
    """Re-create web_papers with the guarded note count."""
    execute_statements(db, WEB_PAPERS_0075)
