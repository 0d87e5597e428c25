#!/usr/bin/env python3
"""Generates libimaging/deid/generated/action_table.inc from DICOM PS3.15 Table E.1-1.

Input: the JSON extract of Table E.1-1 (one object per row; see ../shared/standard/README.md).
Output: one C++ aggregate initializer per row, included by libimaging/deid/action_table.cpp.
The output is committed; the build never runs Python. Re-run after updating the standard extract:

    python3 scripts/generate_action_table.py [path/to/ps3.15-table-E.1-1.json] [--edition 2024b]
"""
import argparse
import hashlib
import json
import pathlib
import re
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_INPUT = REPO / ".." / "shared" / "standard" / "ps3.15-table-E.1-1.json"
OUTPUT = REPO / "libimaging" / "deid" / "generated" / "action_table.inc"

# JSON option column -> position in the C++ row (order matches ActionRow in action_table.h).
OPTION_COLUMNS = [
    "rtnSafePrivOpt",
    "rtnUIDsOpt",
    "rtnDevIdOpt",
    "rtnInstIdOpt",
    "rtnPatCharsOpt",
    "rtnLongFullDatesOpt",
    "rtnLongModifDatesOpt",
    "cleanDescOpt",
    "cleanStructContOpt",
    "cleanGraphOpt",
]
BASIC_ACTIONS = {"X", "Z", "D", "U", "K", "C", "X/Z", "X/D", "X/Z/D", "Z/D", "X/Z/U*"}
OPTION_ACTIONS = {"K", "C"}
EXACT_TAG = re.compile(r"^\(([0-9A-F]{4}),([0-9A-F]{4})\)$")
MASKED_TAG = re.compile(r"^\(([0-9A-FX]{4}),([0-9A-FX]{4})\)$")


def cpp_string(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + escaped + '"'


def parse_tag(text):
    """Returns (kind, group, element, group_mask, element_mask) for a tag or tag pattern."""
    tag = text.strip().upper()
    if tag.startswith("(GGGG,EEEE)") and "ODD" in tag:
        return "PrivateGroups", 0, 0, 0, 0
    m = EXACT_TAG.match(tag)
    if m:
        return "Exact", int(m.group(1), 16), int(m.group(2), 16), 0xFFFF, 0xFFFF
    m = MASKED_TAG.match(tag)
    if m:
        def value_and_mask(part):
            value = int(part.replace("X", "0"), 16)
            mask = int("".join("0" if c == "X" else "F" for c in part), 16)
            return value, mask
        g, gm = value_and_mask(m.group(1))
        e, em = value_and_mask(m.group(2))
        return "Masked", g, e, gm, em
    raise ValueError(f"unrecognised tag {text!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", default=str(DEFAULT_INPUT))
    parser.add_argument("--edition", default="2024b")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args()

    raw = pathlib.Path(args.input).read_bytes()
    rows = json.loads(raw)
    digest = hashlib.sha256(raw).hexdigest()

    lines = [
        "// GENERATED FILE - do not edit. Regenerate with scripts/generate_action_table.py.",
        f"// Source: DICOM PS3.15 Table E.1-1, edition {args.edition} ({pathlib.Path(args.input).name}).",
        f"// Source SHA-256: {digest}",
        f"// Rows: {len(rows)}",
        "// Columns: tag text, match kind, group, element, group mask, element mask, name, basic action,",
        "//          " + ", ".join(OPTION_COLUMNS),
        f"#define SCANSHARE_ACTION_TABLE_EDITION \"{args.edition}\"",
        f"#define SCANSHARE_ACTION_TABLE_SHA256 \"{digest}\"",
        f"#define SCANSHARE_ACTION_TABLE_ROWS {len(rows)}",
    ]
    for row in rows:
        basic = row["basicProfile"].strip()
        if basic not in BASIC_ACTIONS:
            raise ValueError(f"unexpected basic action {basic!r} in {row['tag']}")
        kind, g, e, gm, em = parse_tag(row["tag"])
        options = []
        for column in OPTION_COLUMNS:
            value = row.get(column, "").strip()
            if value and value not in OPTION_ACTIONS:
                raise ValueError(f"unexpected option action {value!r} in {row['tag']} {column}")
            options.append(cpp_string(value))
        lines.append(
            "{" + ", ".join([
                cpp_string(row["tag"]), f"TagMatch::{kind}",
                f"0x{g:04X}", f"0x{e:04X}", f"0x{gm:04X}", f"0x{em:04X}",
                cpp_string(row["name"]), cpp_string(basic),
            ] + options) + "},")
    out = pathlib.Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} rows to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
