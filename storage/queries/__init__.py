"""Storage queries: keyword-only functions, ``session`` first (docs/contracts.md).

One module per area, imported by module: ``from storage.queries import feeds as feed_queries``
then ``feed_queries.upsert_feed(session=..., ...)``. There is no re-export facade here.
"""
