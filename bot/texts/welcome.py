"""Strings for /language and first contact: the greeting and the pointers to /help."""

from bot.texts.markers import N_, Message

STRINGS: dict[str, Message] = {
    "cmd.language": N_("the language I write in here: zh or en"),
    "language.current": N_("I write in {language} here. Admins change it: {choices}."),
    "language.usage": N_("Choose one of: {choices}. Nothing changed."),
    "language.set": N_("From now on I write in {language} in this group."),
    "settings.language": N_("Language: {language}"),
    "welcome.greeting": N_(
        "👋 Hello, I am paperclub: I watch arXiv for this group, post a daily digest ranked "
        "for you, and keep who presents what and your notes. Three first steps:\n"
        "1. An admin picks the arXiv categories: <code>/track cs.CL cs.AI</code>\n"
        "2. An admin sets when the digest comes: <code>/timezone Asia/Shanghai</code>, "
        "<code>/digest_time 09:00</code>\n"
        "3. Claim a paper to present with <code>/claim 2401.04088</code> and share notes with "
        "/note (an operator can import your existing notes: <code>paperclub import</code>).\n"
        "/help lists every command; /language en or zh changes my language."
    ),
    "welcome.pointer": N_("Send /help to see what I can do."),
    "welcome.unknown_command": N_("I do not know /{command}. /help lists every command."),
    "welcome.unknown_close": N_("I do not know /{command}. Did you mean /{guess}?"),
    "welcome.did_you_mean": N_("Did you mean /{guess}? /help lists every command."),
}
