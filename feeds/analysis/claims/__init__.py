"""Casualty claims: triggers and counts, the speaker of each figure (attribution), victims, denials."""
