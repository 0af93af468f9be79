"""The pure core, by concept: from a story's text to events and claims (entry: story.py)."""
