"""Strings for forum topics: /digest_topic, a claimed paper's topic, and the missing right."""

from bot.texts.markers import N_, Message

STRINGS: dict[str, Message] = {
    "args.digest_topic": N_("[off]"),
    "cmd.digest_topic": N_(
        "in a forum group: send it inside a topic to post the digest there; off for General"
    ),
    "topic.not_forum": N_(
        "This group has no topics. In a group with topics, send /digest_topic inside the topic "
        "the digest should go to."
    ),
    "topic.digest_here": N_(
        "✅ The digest, the weekly reminder and the agenda will be posted in this topic. "
        "<code>/digest_topic off</code> sends them to General again."
    ),
    "topic.digest_general": N_("✅ The digest and the reminders will be posted in General."),
    "topic.send_inside": N_(
        "Send /digest_topic inside the topic the digest should go to "
        "(<code>/digest_topic off</code>: General)."
    ),
    "topic.usage": N_(
        "<code>/digest_topic</code> inside a topic posts the digest there; "
        "<code>/digest_topic off</code> posts it in General."
    ),
    "topic.opener": N_("🎤 {presenter} presents this paper. Its notes and news come here."),
    "topic.needs_right": N_(
        "To open a topic for each claimed paper, I need the admin right "
        "<b>Manage Topics</b>. Until then I post in General."
    ),
    "topic.session_reminder": N_("🗓 This paper is presented at the meeting on {when}."),
}
