"""`flask --app app push ...`: announcements from a TOML file, guide-update notices, resuming
stopped sends, pruning."""
from __future__ import annotations

import tomllib

import click
from flask import current_app
from flask.cli import AppGroup

from ..guides import library
from ..staff.audit import audit
from ..store import get_db, transaction
from . import delivery, subscriptions

push_cli = AppGroup("push", help="Web push announcements.")


def _sender():
    from .routes import sender
    return sender(current_app)


@push_cli.command("announce")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def announce(file):
    """Queue the announcement in FILE (TOML), deliver it, print the counts.

    FILE has topic, url, optional ttl (seconds) and urgency, and [title] and [body] tables
    keyed by language code (da required)."""
    try:
        with open(file, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise click.ClickException(f"{file} is not valid TOML: {exc}")
    if data.get("topic") not in subscriptions.TOPICS:
        raise click.ClickException(f"topic must be one of {', '.join(subscriptions.TOPICS)}")
    if not isinstance(data.get("title"), dict) or not isinstance(data.get("body"), dict):
        raise click.ClickException("[title] and [body] tables keyed by language are required")
    db = get_db()
    try:
        announcement_id = delivery.queue(db, topic=data["topic"], titles=data["title"], bodies=data["body"],
                                         url=data.get("url", ""), ttl=data.get("ttl", 86400),
                                         urgency=data.get("urgency", "normal"), created_by="cli")
    except ValueError as exc:
        raise click.ClickException(str(exc))
    audit(db, "cli", "announcement.send", f"announcement:{announcement_id}", data["title"]["da"])
    counts = delivery.deliver(db, announcement_id, _sender())
    if counts is None:  # `push send-queued` took it first and is sending it
        click.echo(f"announcement {announcement_id} is being sent by another process")
        return
    click.echo(COUNTS.format(**counts))


COUNTS = "sent {sent}, delivered {delivered}, failed {failed}, removed {removed}"


@push_cli.command("send-queued")
def send_queued():
    """Deliver every announcement still queued or sending, e.g. after a restart stopped a send.

    Safe to repeat and to run next to other senders: a subscriber never gets an announcement
    twice, and one another process is sending (its hold renewed within the last 5 minutes) is
    left to it. Run it from cron every few minutes."""
    found = False
    for announcement_id, counts in delivery.send_queued(get_db(), _sender()):
        found = True
        if counts is None:
            click.echo(f"announcement {announcement_id}: being sent by another process")
        else:
            click.echo(f"announcement {announcement_id}: " + COUNTS.format(**counts))
    if not found:
        click.echo("nothing to send")


@push_cli.command("guide-updates")
def guide_updates():
    """Tell followers of each guide whose Danish text changed since the last run."""
    db = get_db()
    known = {row["slug"]: row["version"] for row in db.query("SELECT slug, version FROM push_guide_versions")}
    total = {"sent": 0, "delivered": 0, "failed": 0, "removed": 0}
    for guide in library().ordered():
        version = delivery_version(guide)
        if known.get(guide.slug) == version:
            continue
        if guide.slug in known:  # the first run only records versions
            titles = {lang: text.title for lang, text in guide.texts.items()}
            bodies = {lang: UPDATED.get(lang, UPDATED["en"]) for lang in titles}
            announcement_id = delivery.queue(db, topic="guide", guide=guide.slug, titles=titles, bodies=bodies,
                                             url=f"/{{lang}}/guides/{guide.slug}/", created_by="guide-updates")
        # recorded before sending: a send that a restart stops is finished by `push send-queued`,
        # and the next run does not queue the same change again
        with transaction(db):
            db.execute("INSERT OR REPLACE INTO push_guide_versions VALUES (?, ?)", [guide.slug, version])
        if guide.slug in known:
            for key, value in (delivery.deliver(db, announcement_id, _sender()) or {}).items():
                total[key] += value
    click.echo(COUNTS.format(**total))


def delivery_version(guide) -> str:
    from ..content.source import version
    text = guide.danish
    return version(text.intro_source + "".join(s.title + s.source for s in text.steps))


UPDATED = {
    "da": "Guiden er blevet opdateret. Tryk for at se den nye udgave.",
    "en": "This guide has been updated. Tap to see the new version.",
    "de": "Diese Anleitung wurde aktualisiert. Tippen Sie, um die neue Fassung zu sehen.",
    "uk": "Цей посібник оновлено. Торкніться, щоб побачити нову версію.",
    "ar": "تم تحديث هذا الدليل. اضغط لرؤية النسخة الجديدة.",
    "pl": "Ten poradnik został zaktualizowany. Dotknij, aby zobaczyć nową wersję.",
    "ro": "Acest ghid a fost actualizat. Atinge pentru a vedea versiunea nouă.",
    "tr": "Bu rehber güncellendi. Yeni sürümü görmek için dokunun.",
}


@push_cli.command("prune")
@click.option("--days", default=60, show_default=True)
def prune(days):
    """Delete subscriptions whose deliveries have failed, with no success, for DAYS days.

    Every delivery run does this too (for 60 days); a subscription that had nothing sent to it stays."""
    click.echo(f"removed {subscriptions.prune(get_db(), days=days)} subscriptions")
