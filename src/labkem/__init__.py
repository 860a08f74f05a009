"""Lab Kemiskinan Terbuka: validate, generate and publish open village poverty data."""

__version__ = "0.1.0"
