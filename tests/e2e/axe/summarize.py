"""Summarise an axe survey (LEARNHUB_AXE_SURVEY=<file> pytest tests/e2e) as results-*.txt
read it:

    python tests/e2e/axe/summarize.py survey.jsonl "Measured ..." > results-after.txt
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path


def summary(lines: list[str], how: str) -> str:
    checks = [json.loads(line) for line in lines if line.strip()]
    lock = json.loads((Path(__file__).parent / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/axe-core"]["version"]
    distinct = {(c["page"], c["lang"], c["width"]) for c in checks}
    nodes: Counter = Counter()
    impact: dict[str, str] = {}
    where: dict[str, Counter] = defaultdict(Counter)
    for check in checks:
        for rule, (level, count) in check["violations"].items():
            nodes[rule] += count
            impact[rule] = level
            where[rule][f"{check['page']} [{check['lang']}, {check['width']}px]"] += count
    out = [
        how,
        f"axe-core {version}, {len(checks)} checks of {len(distinct)} distinct "
        "(page, language, width)",
        "violations by rule (impact): nodes summed over checks; pages with count",
        "",
    ]
    if not nodes:
        out.append("none")
    for rule, count in nodes.most_common():
        out.append(f"{rule} ({impact[rule]}): {count}")
        out += [f"  {page}: {n}" for page, n in sorted(where[rule].items())]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    survey, how = sys.argv[1], sys.argv[2]
    sys.stdout.write(summary(Path(survey).read_text(encoding="utf-8").splitlines(), how))
