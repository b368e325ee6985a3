"""postbind: turn selected blog posts into books (EPUB 3 and print-ready PDF)."""

__version__ = "0.1.0"
