"""The tests of postbind: they build books and read the EPUB, PDF and web edition back."""
