"""Strings for the group settings commands and /settings."""

from bot.texts.markers import N_, Message

STRINGS: dict[str, Message] = {
    "cmd.track": N_("follow arXiv categories"),
    "cmd.untrack": N_("stop following categories"),
    "cmd.keywords": N_("show or change the ranking keywords"),
    "cmd.digest_time": N_("when the daily digest is posted"),
    "cmd.timezone": N_("the group's time zone"),
    "cmd.digest_size": N_("how many papers a digest shows"),
    "cmd.settings": N_("this group's settings at a glance"),
    "settings.title": N_("<b>Settings for {title}</b>"),
    "settings.categories": N_("Categories: {categories}"),
    "settings.keywords": N_("Keywords: {keywords}"),
    "settings.keywords_none": N_("Keywords: none (arXiv's order, or closeness to your notes)"),
    "settings.exclusions": N_("Excluded: {exclusions}"),
    "settings.schedule": N_("Digest: {size} papers at {time} ({timezone})"),
    "settings.track_usage": N_(
        "Tell me which arXiv categories to follow, e.g. <code>/track cs.CL cs.AI</code> "
        "(codes as on arxiv.org/category_taxonomy)."
    ),
    "settings.untrack_usage": N_(
        "Tell me which categories to stop following: <code>/untrack cs.AI</code>."
    ),
    "settings.unknown_categories": N_(
        "{unknown} is not an arXiv category. Use codes such as <code>cs.CL</code>, "
        "<code>cs.AI</code>, <code>cs.LG</code>, <code>stat.ML</code> "
        "(see arxiv.org/category_taxonomy). Nothing changed."
    ),
    "settings.too_many_categories": N_(
        "A group can follow at most {limit} categories. Nothing changed."
    ),
    "settings.tracking": N_("Now following: {categories}."),
    "settings.not_tracked": N_("{categories} is not followed here. Following: {tracked}."),
    "settings.last_category": N_(
        "A group follows at least one category: /track another before removing {category}."
    ),
    "settings.keywords_usage": N_(
        "<code>/keywords</code> shows them; <code>/keywords add lora, retrieval augmented, "
        "检索增强</code> adds (a leading minus excludes: <code>/keywords add -survey</code>); "
        "<code>/keywords remove lora</code>; <code>/keywords clear</code>."
    ),
    "settings.keywords_bad": N_(
        "Keywords are separated by commas, each 1–{length} characters, at most {limit} in all. "
        "Nothing changed."
    ),
    "settings.keywords_missing": N_("{keywords} is not among the keywords. Nothing changed."),
    "settings.keywords_now": N_("Keywords now: {keywords}"),
    "settings.keyword_cjk_english": N_(
        "“{keyword}” is Chinese and arXiv's abstracts are English: it also matches {english}."
    ),
    "settings.keyword_cjk_only": N_(
        "“{keyword}” is Chinese and arXiv's abstracts are English: it can match your notes "
        "but not a new paper. Add its English form too, e.g. "
        "<code>/keywords add retrieval augmented</code>."
    ),
    "settings.keywords_empty": N_("No keywords: the digest follows arXiv's order and your notes."),
    "settings.time_usage": N_(
        "Give a time of day as HH:MM, 00:00 to 23:59, e.g. <code>/digest_time 08:30</code>. "
        "Nothing changed."
    ),
    "settings.time_set": N_("The digest will be posted daily at {time} ({timezone})."),
    "settings.timezone_usage": N_(
        "Give a time zone name such as <code>Asia/Shanghai</code>, <code>Europe/Berlin</code>, "
        "<code>America/New_York</code> or <code>UTC</code>. Nothing changed."
    ),
    "settings.timezone_set": N_("Time zone set to {timezone}; the digest comes at {time} there."),
    "settings.size_usage": N_(
        "Give a number of papers from {low} to {high}, e.g. <code>/digest_size 15</code>. "
        "Nothing changed."
    ),
    "settings.size_set": N_("The digest will show up to {size} papers."),
    "settings.size_now": N_(
        "The digest shows up to {size} papers. "
        "<code>/digest_size</code> with a number from {low} to {high} changes it."
    ),
}
