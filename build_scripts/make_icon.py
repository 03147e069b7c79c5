"""Draw the program's icon once: resources/icons/app.png (256 px) and app.ico (16–256 px).

The icon is the character 表 ("form") in the bundled Noto Serif SC, white on a red seal-like
rounded square. The outputs are committed; run this again only to change the icon:

    python build_scripts/make_icon.py      # needs Pillow (not a dependency of the program)
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "NotoSerifSC_400Regular.ttf"
OUT = ROOT / "resources" / "icons"
SEAL_RED, PAPER = (178, 34, 34, 255), (255, 250, 240, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = 1024) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = size // 16
    pen.rounded_rectangle([margin, margin, size - margin, size - margin], radius=size // 6,
                          fill=SEAL_RED)
    inner = size // 8  # a thin inner frame, as on a seal
    pen.rounded_rectangle([inner, inner, size - inner, size - inner], radius=size // 10,
                          outline=PAPER, width=max(1, size // 40))
    font = ImageFont.truetype(str(FONT), int(size * 0.62))
    pen.text((size / 2, size / 2), "表", font=font, fill=PAPER, anchor="mm")
    return image


def main() -> None:
    big = draw()
    OUT.mkdir(parents=True, exist_ok=True)
    big.resize((256, 256), Image.LANCZOS).save(OUT / "app.png", optimize=True)
    big.save(OUT / "app.ico", sizes=ICO_SIZES)


if __name__ == "__main__":
    main()
