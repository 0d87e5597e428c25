#!/usr/bin/env python3
"""Makes an archive-like input for scale measurements: PATIENTS patients with FILES images each,
cloned from one image of a generated bench-small set, every patient with its own name, ID, birth
date, address and UIDs (so the text scrubber holds every patient's identifiers).
    bench/make_archive.py SOURCE_IMAGE OUT_DIR PATIENTS FILES"""
import os
import sys

import pydicom
from pydicom.uid import generate_uid


def main():
    source, out, patients, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    template = pydicom.dcmread(source)
    for p in range(patients):
        folder = os.path.join(out, f"P{p:06d}")
        os.makedirs(folder, exist_ok=True)
        study, series = generate_uid(), generate_uid()
        for f in range(files):
            ds = template.copy()
            ds.PatientName = f"Family{p}^Given{p}"
            ds.PatientID = f"PID-{100000 + p}"
            ds.PatientBirthDate = f"19{50 + p % 50:02d}{p % 12 + 1:02d}{p % 28 + 1:02d}"
            ds.PatientAddress = f"{p % 90 + 1} Street{p} Town{p}"
            ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
            ds.SOPInstanceUID = generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            ds.InstanceNumber = f + 1
            ds.save_as(os.path.join(folder, f"IM{f:04d}"), write_like_original=True)


if __name__ == "__main__":
    main()
