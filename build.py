"""`python build.py [args]` is `postbind build book -o dist [args]`."""

import sys

from postbind.cli import main

if __name__ == "__main__":
    main(["build", "book", "-o", "dist", *sys.argv[1:]])
