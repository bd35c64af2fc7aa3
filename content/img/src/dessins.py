#!/usr/bin/env python3
"""Draws the livret guide's PNG image: the iteration loop (boucle.png). The cover is couverture.svg,
drawn by hand.

Usage, from anywhere:  python3 content/img/src/dessins.py
Needs Pillow (pip install pillow) and the Noto Sans fonts (Debian: fonts-noto-core); falls
back to DejaVu Sans. The output is deterministic for a given Pillow version and font files.
"""

import math
import os

from PIL import Image, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)  # content/img/

BLEU = (0, 0, 145)  # bleu France of the State design system
BLEU_CLAIR = (227, 227, 253)
BLEU_MOYEN = (106, 106, 244)
GRIS_FOND = (246, 246, 246)
NOIR = (22, 22, 22)
GRIS = (58, 58, 58)
BLANC = (255, 255, 255)

FONT_DIRS = ["/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu"]


def font(bold, size):
    names = (["NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"] if bold
             else ["NotoSans-Regular.ttf", "DejaVuSans.ttf"])
    for d in FONT_DIRS:
        for n in names:
            p = os.path.join(d, n)
            if os.path.exists(p):
                return ImageFont.truetype(p, size)
    raise SystemExit("no Noto Sans or DejaVu Sans font found")


def centered(draw, xy, text, fnt, fill):
    """Writes `text` (possibly several lines) centred on the point `xy`."""
    draw.multiline_text(xy, text, font=fnt, fill=fill, anchor="mm", align="center", spacing=8)


def arrow_arc(draw, cx, cy, r, a0, a1, width, fill):
    """An arc of the circle (cx, cy, r) from angle a0 to a1 (degrees, clockwise), with a head at a1."""
    box = [cx - r, cy - r, cx + r, cy + r]
    draw.arc(box, a0, a1 - 4, fill=fill, width=width)
    t = math.radians(a1)
    tip = (cx + r * math.cos(t), cy + r * math.sin(t))
    # Tangent direction (clockwise) and normal at the tip.
    tx, ty = -math.sin(t), math.cos(t)
    nx, ny = math.cos(t), math.sin(t)
    back = 34
    half = 20
    base = (tip[0] - tx * back, tip[1] - ty * back)
    draw.polygon([tip,
                  (base[0] + nx * half, base[1] + ny * half),
                  (base[0] - nx * half, base[1] - ny * half)], fill=fill)


def boucle():
    w, h = 1200, 960
    img = Image.new("RGB", (w, h), GRIS_FOND)
    d = ImageDraw.Draw(img)
    centered(d, (w / 2, 60), "La boucle d’amélioration continue", font(True, 44), NOIR)

    cx, cy, r = w / 2, 515, 285
    # Four steps, clockwise from the top.
    steps = [
        (-90, "Améliorer\nle service", BLEU_CLAIR, BLEU),
        (0, "Mettre\nen ligne", BLEU_MOYEN, BLANC),
        (90, "Observer\net mesurer", BLEU, BLANC),
        (180, "Décider\nde la suite", BLEU_CLAIR, BLEU),
    ]
    node_r = 118
    gap = math.degrees(math.asin((node_r + 14) / r))
    for a, *_ in steps:
        arrow_arc(d, cx, cy, r, a + gap, a + 90 - gap, 12, GRIS)
    for a, label, bg, fg in steps:
        t = math.radians(a)
        x, y = cx + r * math.cos(t), cy + r * math.sin(t)
        d.ellipse([x - node_r, y - node_r, x + node_r, y + node_r], fill=bg, outline=BLEU, width=4)
        centered(d, (x, y), label, font(True, 30), fg)
    centered(d, (cx, cy - 22), "quelques", font(False, 32), GRIS)
    centered(d, (cx, cy + 22), "semaines", font(False, 32), GRIS)
    img.save(os.path.join(OUT, "boucle.png"), optimize=True)


if __name__ == "__main__":
    boucle()
