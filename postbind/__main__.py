"""`python -m postbind` runs the command line."""

from postbind.cli import main

main()
