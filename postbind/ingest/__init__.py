"""Readers: one subpackage per source family, each behind the `Reader` interface (reader.py).

A reader only parses: `entries()` lists what a file holds with its metadata, and
`body()` reads one entry's text when the book keeps it. Conversion to HTML and
every transform happen later. registry.py lists the readers.
"""
