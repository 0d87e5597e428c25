#!/usr/bin/env python3
"""Draws the comparison tables of docs/benchmarks.md as SVG bar charts (standard library only).

    bench/plot.py [docs/benchmarks.md]

Reads the first table of the sections "## Anonymize" and "## Scan comparison" (columns "data",
"tool", "median s", "peak MB") and writes docs/benchmarks-anonymize.svg and docs/benchmarks-scan.svg:
one row of panels per data set, median wall time on the left and peak memory on the right, each
panel with its own scale (the tools differ by up to 50x, so a shared axis would hide the small bars).
"""
import html
import os
import re
import sys

PALETTE = ["#1f6fb4", "#e07b1a", "#2e9e48", "#c7372f", "#7b55b5", "#8c564b"]
ROW_H, BAR_H, LABEL_W, PANEL_W, GAP = 22, 16, 96, 300, 40


def section_table(text, heading):
    """Rows (dicts by column name) of the first Markdown table under `## heading`."""
    match = re.search(r"^## %s\n(.*?)(?=^## |\Z)" % re.escape(heading), text, re.S | re.M)
    if not match:
        raise SystemExit("no section '## %s'" % heading)
    lines = [l.strip() for l in match.group(1).splitlines()]
    start = next((i for i, l in enumerate(lines) if l.startswith("|")), None)
    if start is None:
        raise SystemExit("no table in '## %s'" % heading)
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append([c.strip() for c in line.strip("|").split("|")])
    header, rows = table[0], table[2:]
    return [dict(zip(header, row)) for row in rows]


def number(cell):
    try:
        return float(cell.rstrip("%"))
    except ValueError:
        return None


def nice_max(value):
    """A round axis end at or above value (1, 2, 5 x 10^n)."""
    if value <= 0:
        return 1.0
    step = 10 ** len(str(int(value))) / 100 if value >= 1 else 0.01
    for factor in (1, 2, 5, 10, 20, 50, 100):
        if step * factor * 5 >= value:
            return step * factor * 5
    return value


def panel(x, y, title, bars, unit, colors):
    """One horizontal bar chart: bars = [(tool, value)]."""
    out = ['<text x="%d" y="%d" class="panel">%s</text>' % (x, y + 14, html.escape(title))]
    top = y + 24
    axis = nice_max(max(v for _, v in bars))
    for i, (tool, value) in enumerate(bars):
        by = top + i * ROW_H
        width = (PANEL_W - LABEL_W - 60) * value / axis
        out.append('<text x="%d" y="%d" class="label">%s</text>' % (x + LABEL_W - 6, by + 12, html.escape(tool)))
        out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %g %s</title></rect>' % (
            x + LABEL_W, by, max(width, 0.5), BAR_H, colors[tool], html.escape(tool), value, unit))
        out.append('<text x="%.1f" y="%d" class="value">%g %s</text>' % (x + LABEL_W + width + 4, by + 12, value, unit))
    base = top + len(bars) * ROW_H
    out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>' % (x + LABEL_W, top - 2, x + LABEL_W, base))
    return out, base - y


def chart(rows, title, subtitle):
    tools = list(dict.fromkeys(r["tool"] for r in rows))
    colors = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(tools)}
    body, y = [], 58
    for data in dict.fromkeys(r["data"] for r in rows):
        subset = [r for r in rows if r["data"] == data]
        times = [(r["tool"], number(r["median s"])) for r in subset if number(r["median s"]) is not None]
        peaks = [(r["tool"], number(r["peak MB"])) for r in subset if number(r["peak MB"]) is not None]
        left, h1 = panel(16, y, "%s: median wall time" % data, times, "s", colors)
        right, h2 = panel(16 + PANEL_W + GAP, y, "%s: peak memory" % data, peaks, "MB", colors)
        body += left + right
        y += max(h1, h2) + 22
    width = 16 * 2 + PANEL_W * 2 + GAP
    head = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
        'font-family="DejaVu Sans, Arial, sans-serif">' % (width, y, width, y),
        "<style>.title{font-size:15px;font-weight:bold}.sub{font-size:11px;fill:#555}"
        ".panel{font-size:12px;font-weight:bold}.label{font-size:11px;text-anchor:end}"
        ".value{font-size:11px}.axis{stroke:#333;stroke-width:1}</style>",
        '<rect width="100%" height="100%" fill="white"/>',
        '<text x="16" y="22" class="title">%s</text>' % html.escape(title),
        '<text x="16" y="40" class="sub">%s</text>' % html.escape(subtitle),
    ]
    return "\n".join(head + body + ["</svg>"]) + "\n"


def measured_line(text, heading):
    match = re.search(r"^## %s\n\s*(Measured [^\n]*)" % re.escape(heading), text, re.M)
    return match.group(1).rstrip(",") if match else ""


def main():
    doc = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "docs", "benchmarks.md")
    text = open(doc, encoding="utf-8").read()
    out_dir = os.path.dirname(os.path.abspath(doc))
    for heading, name, title in (
        ("Anonymize", "benchmarks-anonymize.svg", "scanshare anonymize vs cp -r, cp+sync, gdcmanon"),
        ("Scan comparison", "benchmarks-scan.svg", "scanshare scan vs dcmmkdir, gdcmscanner"),
    ):
        rows = section_table(text, heading)
        path = os.path.join(out_dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(chart(rows, title, measured_line(text, heading) + " (shorter is better)"))
        print("wrote", path)


if __name__ == "__main__":
    main()
