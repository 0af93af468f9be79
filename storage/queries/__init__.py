"""Storage queries: keyword-only functions, ``session`` first (docs/contracts.md).

One module per area; everything is re-exported here so callers write
``from storage import queries; queries.upsert_feed(session=..., ...)``.
"""

from storage.acled import import_acled_csv
from storage.queries.alerts import (
    card_message_id,
    enqueue_alert,
    lease_due_alerts,
    mark_alert_failed,
    mark_alert_retry,
    mark_alert_sent,
    migrate_chat,
)
from storage.queries.chats import get_chat, list_chats, upsert_chat
from storage.queries.feeds import (
    due_feeds,
    list_feeds,
    record_fetch_result,
    remove_feed,
    upsert_feed,
)
from storage.queries.incidents import (
    candidate_incidents,
    incident_claims,
    incidents_since,
)
from storage.queries.locks import lock_incident_matching as lock_incident_matching
from storage.queries.outcome import save_story_outcome
from storage.queries.status import (
    failed_alert_count,
    failing_feeds,
    last_poll_run,
    queue_depth,
    record_poll_run,
    story_counts_since,
)
from storage.queries.stories import find_existing_story, find_wire_original
from storage.queries.views import get_incident_view, list_incident_views
from storage.queries.watch import add_watch_keyword, list_watch_keywords, remove_watch_keyword

__all__ = [
    "add_watch_keyword",
    "candidate_incidents",
    "card_message_id",
    "due_feeds",
    "enqueue_alert",
    "failed_alert_count",
    "failing_feeds",
    "find_existing_story",
    "find_wire_original",
    "get_chat",
    "get_incident_view",
    "import_acled_csv",
    "incident_claims",
    "incidents_since",
    "last_poll_run",
    "lease_due_alerts",
    "list_chats",
    "list_feeds",
    "list_incident_views",
    "list_watch_keywords",
    "mark_alert_failed",
    "mark_alert_retry",
    "mark_alert_sent",
    "migrate_chat",
    "queue_depth",
    "record_fetch_result",
    "record_poll_run",
    "remove_feed",
    "remove_watch_keyword",
    "save_story_outcome",
    "story_counts_since",
    "upsert_chat",
    "upsert_feed",
]
