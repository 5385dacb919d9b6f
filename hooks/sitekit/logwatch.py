"""Whether anything was logged while a step ran: the build caches keep no
result whose making printed a message, so the message (and strict mode's
count of it) comes again on every build."""
from __future__ import annotations

import logging


class Recorder(logging.Handler):
    """``with Recorder() as r: ...`` then ``r.seen``: a message at INFO or above
    reached the root or the mkdocs logger meanwhile."""

    LOGGERS = ("", "mkdocs")

    def __init__(self):
        super().__init__(logging.INFO)
        self.seen = False

    def emit(self, record):
        self.seen = True

    def __enter__(self) -> "Recorder":
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)
