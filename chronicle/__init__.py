"""Chronicle: turn a folder of news articles into a cross-linked chronology site.

The engine runs in stages with plain data between them (see ``pipeline``):
articles are read (``articles``), each is extracted on its own (``extract``:
dates from ``timex``, actors from ``actors``, events from ``events``), events
are merged across articles, the result is written as ``data/events.json``
(``export``) and the pages are rendered from that data (``pages``, ``render``,
``write``).
"""

__version__ = "0.1.0"
