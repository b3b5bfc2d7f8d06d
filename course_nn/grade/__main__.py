"""``python -m course_nn.grade PATH...``: see :func:`course_nn.grade.main`."""
import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
