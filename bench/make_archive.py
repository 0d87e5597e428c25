#!/usr/bin/env python3
"""Makes an archive-like input for scale measurements: PATIENTS patients with FILES images each,
cloned from one image of a generated bench-small set, every patient with its own name, ID, birth
date, address and UIDs (so the text scrubber holds every patient's identifiers).
    bench/make_archive.py [--fast] SOURCE_IMAGE OUT_DIR PATIENTS FILES
--fast writes pydicom's copy once, with fixed-width marker values, and makes every file from it by
byte replacements of the same length (some 20 000 files a second instead of 200): names, IDs and
UIDs are then zero-padded (Family000042^Given000042, PID-0000042, ...; folders P0000042)."""
import os
import sys

import pydicom
from pydicom.uid import generate_uid


def birth_date(p):
    return f"19{50 + p % 50:02d}{p % 12 + 1:02d}{p % 28 + 1:02d}"


def slow(template, out, patients, files):
    for p in range(patients):
        folder = os.path.join(out, f"P{p:06d}")
        os.makedirs(folder, exist_ok=True)
        study, series = generate_uid(), generate_uid()
        for f in range(files):
            ds = template.copy()
            ds.PatientName = f"Family{p}^Given{p}"
            ds.PatientID = f"PID-{100000 + p}"
            ds.PatientBirthDate = birth_date(p)
            ds.PatientAddress = f"{p % 90 + 1} Street{p} Town{p}"
            ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
            ds.SOPInstanceUID = generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            ds.InstanceNumber = f + 1
            ds.save_as(os.path.join(folder, f"IM{f:04d}"), write_like_original=True)


# Marker values no other bytes of the template hold (checked), each as long as what replaces it.
ROOT = "1.2.826.0.1.3680043.9.7133"
MARKERS = {
    "name": "Family999999^Given999999",
    "id": "PID-9999999",
    "birth": "18880808",
    "address": "99 Street999999 Town999999",
    "study": ROOT + ".1.199999999",
    "series": ROOT + ".2.199999999",
    "sop": ROOT + ".3.1999999999999",
}


def fast(template, out, patients, files):
    ds = template.copy()
    ds.PatientName, ds.PatientID, ds.PatientBirthDate = MARKERS["name"], MARKERS["id"], MARKERS["birth"]
    ds.PatientAddress = MARKERS["address"]
    ds.StudyInstanceUID, ds.SeriesInstanceUID = MARKERS["study"], MARKERS["series"]
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = MARKERS["sop"]
    ds.InstanceNumber = 1
    os.makedirs(out, exist_ok=True)
    made = os.path.join(out, ".template")
    ds.save_as(made, write_like_original=True)
    with open(made, "rb") as fh:
        data = fh.read()
    os.unlink(made)
    for key, value in MARKERS.items():
        count = data.count(value.encode())
        if count != (2 if key == "sop" else 1):  # the SOP Instance UID is in the meta header too
            sys.exit(f"marker {key} found {count} times in the template")
    for p in range(patients):
        folder = os.path.join(out, f"P{p:07d}")
        os.makedirs(folder, exist_ok=True)
        patient = data
        for key, value in (("name", f"Family{p:06d}^Given{p:06d}"), ("id", f"PID-{p:07d}"), ("birth", birth_date(p)),
                           ("address", f"{p % 90 + 1:02d} Street{p:06d} Town{p:06d}"),
                           ("study", f"{ROOT}.1.1{p:08d}"), ("series", f"{ROOT}.2.1{p:08d}")):
            patient = patient.replace(MARKERS[key].encode(), value.encode())
        for f in range(files):
            # InstanceNumber stays 1: a fixed-width IS would need padding the tools read alike.
            image = patient.replace(MARKERS["sop"].encode(), f"{ROOT}.3.1{p:08d}{f:04d}".encode())
            with open(os.path.join(folder, f"IM{f:04d}"), "wb") as fh:
                fh.write(image)


def main():
    args = sys.argv[1:]
    use_fast = "--fast" in args
    if use_fast:
        args.remove("--fast")
    source, out, patients, files = args[0], args[1], int(args[2]), int(args[3])
    template = pydicom.dcmread(source)
    (fast if use_fast else slow)(template, out, patients, files)


if __name__ == "__main__":
    main()
