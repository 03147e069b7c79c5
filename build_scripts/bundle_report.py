"""Where the bytes of a one-folder bundle go, and whether its libraries all resolve.

    python build_scripts/bundle_report.py dist/budget-form [--limit-mb 150] [--check-links]

Prints the total, the total by kind of content and the largest files. Exits 1 if the bundle is
over the limit (MB = 1,000,000 bytes) or, with ``--check-links``, if a bundled library links to
one that neither the bundle nor the system provides (a trimming rule went too far).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

MB = 1_000_000

# First match wins; patterns are tried against the path inside _internal/, with "/".
KINDS = [
    ("ICU (Unicode data linked by QtCore)", r"libicu"),
    ("Qt libraries", r"(^|/)libQt6|Qt6\w*\.dll$"),
    ("Qt plugins", r"/plugins/"),
    ("Qt translations", r"/translations/"),
    ("PySide6/shiboken bindings", r"(^|/)(PySide6|shiboken6)/|pyside6|shiboken6"),
    ("CJK font (Noto Serif SC)", r"resources/fonts/"),
    ("other resources and ui", r"(^|/)(resources|ui)/"),
    ("Python runtime and stdlib", r"libpython|python3\d*\.dll|lib-dynload/|base_library\.zip"
                                  r"|\.pyd$|python3\.\d+/"),
    ("system libraries", r"\.so(\.|$)|\.dll$"),
]


def files(bundle: Path) -> list[tuple[str, int]]:
    found = []
    for root, _dirs, names in os.walk(bundle):
        for name in names:
            path = Path(root) / name
            if not path.is_symlink():
                found.append((path.relative_to(bundle).as_posix(), path.stat().st_size))
    return found


def kind_of(relpath: str) -> str:
    if "/" not in relpath:  # beside _internal/: only the executables
        return "executables (with the Python code archive)"
    for kind, pattern in KINDS:
        if re.search(pattern, relpath.split("/", 1)[1]):
            return kind
    return "other"


def unresolved_links(bundle: Path) -> list[str]:
    """``ldd`` lines saying "not found" for bundled ELF files (Linux only)."""
    internal = bundle / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}")
    problems = []
    for relpath, _size in files(bundle):
        path = bundle / relpath
        with open(path, "rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        problems += [f"{relpath}: {line.strip()}" for line in result.stdout.splitlines()
                     if "not found" in line]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--limit-mb", type=float, default=150)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--check-links", action="store_true")
    args = parser.parse_args(argv)

    found = files(args.bundle)
    total = sum(size for _path, size in found)
    by_kind = Counter()
    for relpath, size in found:
        by_kind[kind_of(relpath)] += size

    print(f"bundle {args.bundle}: {total / MB:.1f} MB in {len(found)} files "
          f"(limit {args.limit_mb:g} MB)")
    for kind, size in by_kind.most_common():
        print(f"  {size / MB:7.1f} MB  {100 * size / total:4.1f}%  {kind}")
    print(f"largest {args.top} files:")
    for relpath, size in sorted(found, key=lambda item: -item[1])[:args.top]:
        print(f"  {size / MB:7.1f} MB  {relpath}")

    status = 0
    if total >= args.limit_mb * MB:
        print(f"FAILED: the bundle is {total / MB:.1f} MB, over {args.limit_mb:g} MB")
        status = 1
    if args.check_links:
        problems = unresolved_links(args.bundle)
        for line in problems:
            print(f"FAILED: unresolved library {line}")
        status = status or (1 if problems else 0)
        if not problems:
            print("every bundled library resolves its dependencies")
    return status


if __name__ == "__main__":
    sys.exit(main())
