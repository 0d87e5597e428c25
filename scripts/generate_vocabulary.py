#!/usr/bin/env python3
"""Builds the vocabulary that decides which words of kept free text are safe (docs/deidentification.md,
"Free text").

Reads the word lists that Debian packages install, plus the project's own imaging terms, and writes
one text blob that libimaging embeds as it is (searched in place). Run by the build (libimaging/text/CMakeLists.txt);
the blob's header names every source list with its package version, so a report can say which
lists cleaned an export.

Sections, each sorted by UTF-8 bytes, one lower-cased word per line:
  @imaging  the project's imaging vocabulary (always safe, in any case)
  @medical  lower-case entries of the medical dictionary (safe in any case)
  @eponym   capitalised entries of the medical dictionary (safe only in a medical context)
  @proper   proper nouns: capitalised entries of every general list except German
  @words    common words: lower-case entries of every list, and German capitalised nouns
"""
import argparse
import subprocess
import sys
import unicodedata

GENERAL_LISTS = [  # (package, path, capitalised entries are nouns rather than names)
    ("wamerican", "/usr/share/dict/american-english", False),
    ("wbritish", "/usr/share/dict/british-english", False),
    ("wngerman", "/usr/share/dict/ngerman", True),
    ("wfrench", "/usr/share/dict/french", False),
    ("wspanish", "/usr/share/dict/spanish", False),
    ("witalian", "/usr/share/dict/italian", False),
    ("wdutch", "/usr/share/dict/dutch", False),
    ("wportuguese", "/usr/share/dict/portuguese", False),
]
MEDICAL_LIST = ("hunspell-en-med", "/usr/share/hunspell/en_med_glut.dic")
MAX_WORD = 40


def package_version(package):
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=True)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def read_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            word = unicodedata.normalize("NFC", line.strip())
            if word:
                yield word


def usable(word):
    """Plain words only: letters, no possessives, no multi-word entries."""
    return 1 < len(word) <= MAX_WORD and word.isalpha()


def without_accents(word):
    """Latin letters without their accents, as libimaging's withoutAccents() strips them."""
    out = []
    for ch in word:
        if 0xE0 <= ord(ch) <= 0x17F:
            d = unicodedata.normalize("NFD", ch)
            if len(d) > 1 and d[0].isascii():
                ch = d[0]
        out.append(ch)
    return "".join(out)


def is_capitalised(word):
    return word[0].isupper()


def load_medical(path):
    medical, eponym = set(), set()
    for line in read_lines(path):
        if line.startswith(("#", " ", "\t")) or not line[0].isalpha():
            continue
        word = line.split("/", 1)[0]
        if not usable(word):
            continue
        (eponym if is_capitalised(word) else medical).add(word.lower())
    return medical, eponym


def load_imaging(path):
    terms = set()
    for line in read_lines(path):
        if line.startswith("#"):
            continue
        for word in line.split():
            terms.add(word.lower())
    return terms


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--imaging", required=True, help="the project's imaging vocabulary file")
    parser.add_argument("--out", required=True, help="text to write (the build embeds it)")
    args = parser.parse_args()

    header = ["#scanshare-vocabulary 2"]
    words, proper, nouns = set(), set(), set()
    for package, path, nouns_capitalised in GENERAL_LISTS:
        try:
            entries = [w for w in read_lines(path) if usable(w)]
        except OSError as error:
            sys.exit(f"generate_vocabulary: {path}: {error.strerror} (install the Debian package {package})")
        header.append(f"#source {package} {package_version(package)} {len(entries)} entries")
        for w in entries:
            if not is_capitalised(w):
                words.add(w)
            elif w.isupper() and len(w) > 1:
                words.add(w.lower())  # acronyms (PE, TV): abbreviations, not names
            elif nouns_capitalised:
                nouns.add(w.lower())
            else:
                proper.add(w.lower())
    try:
        medical, eponym = load_medical(MEDICAL_LIST[1])
    except OSError as error:
        sys.exit(f"generate_vocabulary: {MEDICAL_LIST[1]}: {error.strerror} (install {MEDICAL_LIST[0]})")
    header.append(f"#source {MEDICAL_LIST[0]} {package_version(MEDICAL_LIST[0])} {len(medical) + len(eponym)} entries")
    imaging = load_imaging(args.imaging)
    header.append(f"#source scanshare-imaging-terms {len(imaging)} entries")
    # German capitalised entries are nouns (Knie, Kopf), but the list also holds names (Johnson,
    # Martin): one that another list knows as a name stays a name only.
    words |= nouns - proper

    def section(name, items):
        # Text written without accents ("craneo", "torax") finds the word through this form.
        items = set(items) | {without_accents(w) for w in items}
        return [f"@{name}"] + sorted(items, key=lambda s: s.encode("utf-8"))

    sections = [section("imaging", imaging), section("medical", medical), section("eponym", eponym),
                section("proper", proper), section("words", words)]
    # Each section's size in bytes (its lines after the "@name" line, newlines included), so the
    # program finds the sections without reading 25 MB at start-up (which made every page resident).
    sizes = [len(("\n".join(s[1:]) + "\n").encode("utf-8")) for s in sections]
    header.append("#section-bytes " + " ".join(str(n) for n in sizes))
    lines = header + [line for s in sections for line in s]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(args.out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
