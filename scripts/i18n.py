"""Keep the translation catalogs in step with the code.

    python scripts/i18n.py update    extract messages, update th and en, fill en from the source
    python scripts/i18n.py missing   list messages still untranslated in th (exit 1 if any)

Messages are written in English in the code, so the English catalog's
translation of a new message starts as its source text; Thai is written by hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"


def po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def update() -> None:
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(
        [*pybabel, "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
         "--no-location", "--sort-output", "--project", "LearnHub", "-o", str(POT), str(ROOT)],
        check=True,
    )  # fmt: skip
    for locale in ("th", "en"):
        subprocess.run(
            [*pybabel, "update", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale,
             "--no-fuzzy-matching", "--ignore-obsolete"],
            check=True,
        )  # fmt: skip
    path = po_path("en")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if (
            message.id
            and not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        ):
            message.string = message.id
    with path.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, omit_header=False)


def missing() -> int:
    with po_path("th").open("rb") as handle:
        catalog = read_po(handle, locale="th")

    def translated(message) -> bool:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        return all(strings) and not message.fuzzy

    todo = [m.id for m in catalog if m.id and not translated(m)]
    for message_id in todo:
        print(message_id if isinstance(message_id, str) else message_id[0])
    return 1 if todo else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command == "update":
        update()
    elif command == "missing":
        sys.exit(missing())
    else:
        sys.exit(__doc__)
