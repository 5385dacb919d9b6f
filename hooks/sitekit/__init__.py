"""Pure helpers shared by the hooks. Nothing here imports MkDocs events."""
