"""Casualty claims: triggers, counts, who gives each figure (attribution), victims, denials."""
