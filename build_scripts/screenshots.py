"""The README's screenshots: every tab at 1366×768 and the print preview at 1920×1080 with 150 %
scaling, and the reviewer's inbox at both (on openbox), on Xvfb, optimised with ImageMagick.
``python build_scripts/screenshots.py``."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.gui.test_inbox_screens import run_inbox_driver  # noqa: E402
from tests.gui.test_screens import run_driver  # noqa: E402  (the same Xvfb run the test makes)

OUT = ROOT / "resources" / "screenshots"
NAMES = ["budget", "overall-goal", "tasks", "other-tasks", "indicators", "signoff"]


def optimise(source: Path, target: Path) -> None:
    # A window is text, rules and a few tints: 64 colours without dithering keep it sharp at a
    # fraction of the size (dithering would speckle the flat areas and compress worse).
    subprocess.run(["convert", str(source), "-strip", "+dither", "-colors", "64", "-define",
                    "png:compression-level=9", f"PNG8:{target}"], check=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small, large = tmp / "1366x768", tmp / "1920x1080"
        small.mkdir()
        large.mkdir()
        # Each in a data folder of its own: a first start on each screen, nothing remembered.
        run_driver(1366, 768, None, small, small)
        run_driver(1920, 1080, "1.5", large, large)
        for i, name in enumerate(NAMES, 1):
            optimise(small / f"tab{i}.png", OUT / f"1366x768-{i}-{name}.png")
        optimise(large / "preview.png", OUT / "1920x1080-150-preview.png")
        optimise(large / "tab1.png", OUT / "1920x1080-150-budget.png")
        run_inbox_driver(1366, 768, None, tmp / "inbox-small", small / "inbox", cycle=True)
        run_inbox_driver(1920, 1080, "1.5", tmp / "inbox-large", large / "inbox", cycle=False)
        for name in ("folder", "draft-under-review", "folder-resubmission", "comparison"):
            optimise(small / "inbox" / f"{name}.png", OUT / f"1366x768-inbox-{name}.png")
        optimise(large / "inbox" / "folder.png", OUT / "1920x1080-150-inbox-folder.png")
    old = OUT / "main-window.png"
    if old.exists():
        old.unlink()  # replaced by the per-tab shots
    for png in sorted(OUT.glob("*.png")):
        print(f"{png.name}: {png.stat().st_size // 1024} KB")


if __name__ == "__main__":
    if shutil.which("Xvfb") is None or shutil.which("convert") is None:
        sys.exit("needs Xvfb and ImageMagick")
    main()
