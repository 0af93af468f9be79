"""Storage queries: keyword-only functions, ``session`` first (docs/contracts.md).

One module per area; everything is re-exported here so callers write
``from storage import queries; queries.upsert_feed(session=..., ...)``.
"""

from storage.acled import import_acled_csv
from storage.queries.alerts import (
    alert_key_exists,
    card_message_id,
    enqueue_alert,
    extend_lease,
    has_card_alert,
    lease_due_alerts,
    mark_alert_failed,
    mark_alert_retry,
    mark_alert_sent,
    migrate_chat,
    record_chunks_sent,
)
from storage.queries.chats import (
    current_chat_id,
    former_chat_ids,
    get_chat,
    list_chats,
    upsert_chat,
)
from storage.queries.feeds import (
    claim_due_feeds,
    due_feeds,
    has_any_feed,
    list_feeds,
    record_fetch_result,
    remove_feed,
    set_feed_validators,
    upsert_feed,
)
from storage.queries.incidents import (
    candidate_incidents,
    incident_claims,
    incidents_since,
)
from storage.queries.locks import lock_incident_matching
from storage.queries.outcome import save_story_outcome
from storage.queries.status import (
    failed_alert_count,
    failing_feeds,
    last_poll_run,
    other_story_count,
    queue_depth,
    record_poll_run,
    story_counts_since,
)
from storage.queries.stories import find_existing_story, find_wire_original
from storage.queries.views import get_incident_view, list_incident_views
from storage.queries.watch import add_watch_keyword, list_watch_keywords, remove_watch_keyword

__all__ = [
    "add_watch_keyword",
    "alert_key_exists",
    "candidate_incidents",
    "card_message_id",
    "claim_due_feeds",
    "current_chat_id",
    "due_feeds",
    "enqueue_alert",
    "extend_lease",
    "failed_alert_count",
    "failing_feeds",
    "find_existing_story",
    "find_wire_original",
    "former_chat_ids",
    "get_chat",
    "get_incident_view",
    "has_any_feed",
    "has_card_alert",
    "import_acled_csv",
    "incident_claims",
    "incidents_since",
    "last_poll_run",
    "lease_due_alerts",
    "list_chats",
    "list_feeds",
    "list_incident_views",
    "list_watch_keywords",
    "lock_incident_matching",
    "mark_alert_failed",
    "mark_alert_retry",
    "mark_alert_sent",
    "migrate_chat",
    "other_story_count",
    "queue_depth",
    "record_chunks_sent",
    "record_fetch_result",
    "record_poll_run",
    "remove_feed",
    "remove_watch_keyword",
    "save_story_outcome",
    "set_feed_validators",
    "story_counts_since",
    "upsert_chat",
    "upsert_feed",
]
