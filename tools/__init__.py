"""Editors' tools: the content check, templates for new content, translation status."""
