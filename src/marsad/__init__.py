"""marsad (مرصد): conflict-event data from Arabic and English news reports."""

__version__ = "0.1.0"
