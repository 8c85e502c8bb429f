"""Print every benchmark figure as `name: value`, one per line."""

import sys

from webapp.bench.setup import demo_app
from webapp.bench.transfer import first_visit_gz_bytes


def main() -> int:
    with demo_app() as app:
        print(f"area_page_transfer_gz_bytes: {first_visit_gz_bytes(app, '/areas/ashworth-estate')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
