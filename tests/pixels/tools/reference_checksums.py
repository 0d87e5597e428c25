#!/usr/bin/python3
"""Computes the reference checksums committed in tests/pixels/corpus_decode_test.cpp.

Independent of ScanShare's decoder: pydicom reads the raw PixelData bytes (no numpy needed); the
stored values are unpacked here by hand (byte order, BitsStored masking, sign extension, 1-bit
packing), then Rescale Slope/Intercept is applied. Compressed lossless files are first decompressed
with DCMTK's command line tools (dcmdrle, dcmdjpeg, dcmdjpls) into a temporary native file.
Colour (RGB, 8-bit) files use the interleaved samples as stored (planar configuration undone).

checksum = (sum of values, sum of value * ((i % 251) + 1)) over one frame, i = sample index.
Run: /usr/bin/python3 tests/pixels/tools/reference_checksums.py
"""
import os, struct, subprocess, sys, tempfile
import pydicom

CORPUS = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
CASES = [  # (file, frame)
    ("MR_small.dcm", 0), ("CT_small.dcm", 0), ("MR_small_bigendian.dcm", 0), ("image_dfl.dcm", 0),
    ("dicomdirtests/77654033/CR1/6154", 0), ("rtdose.dcm", 0), ("rtdose.dcm", 14),
    ("liver_1frame.dcm", 0), ("SC_rgb_small_odd.dcm", 0), ("ExplVR_BigEnd.dcm", 0),
    ("MR_small_RLE.dcm", 0), ("MR_small_jpeg_ls_lossless.dcm", 0), ("SC_rgb_rle_2frame.dcm", 1),
    ("SC_rgb_jpeg_gdcm.dcm", 0), ("rtdose_rle.dcm", 3),
]
DECOMPRESSORS = {"1.2.840.10008.1.2.5": "dcmdrle", "1.2.840.10008.1.2.4.70": "dcmdjpeg",
                 "1.2.840.10008.1.2.4.57": "dcmdjpeg", "1.2.840.10008.1.2.4.80": "dcmdjpls"}


def native(path, tmp):
    ts = str(pydicom.dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID)
    if ts not in DECOMPRESSORS:
        return path
    out = os.path.join(tmp, "native.dcm")
    subprocess.run([DECOMPRESSORS[ts], path, out], check=True)
    return out


def values(path, frame):
    ds = pydicom.dcmread(path)
    big = not ds.is_little_endian
    rows, cols, spp = ds.Rows, ds.Columns, ds.get("SamplesPerPixel", 1)
    alloc, stored, signed = ds.BitsAllocated, ds.BitsStored, ds.PixelRepresentation == 1
    n = rows * cols * spp
    raw = ds.PixelData
    if alloc == 1:
        start = n * frame
        vals = [(raw[(start + i) // 8] >> ((start + i) % 8)) & 1 for i in range(n)]
    else:
        size = alloc // 8
        fmt = {1: "B", 2: "H", 4: "I"}[size]
        chunk = raw[n * size * frame: n * size * (frame + 1)]
        vals = list(struct.unpack((">" if big else "<") + fmt * n, chunk))
        mask = (1 << stored) - 1
        vals = [v & mask for v in vals]
        if signed:
            vals = [v - (1 << stored) if v & (1 << (stored - 1)) else v for v in vals]
        if spp == 3 and ds.get("PlanarConfiguration", 0) == 1:
            plane = rows * cols
            vals = [vals[c * plane + p] for p in range(plane) for c in range(3)]
    slope = float(ds.get("RescaleSlope", 1) or 1)
    intercept = float(ds.get("RescaleIntercept", 0) or 0)
    return [v * slope + intercept for v in vals]


with tempfile.TemporaryDirectory() as tmp:
    for name, frame in CASES:
        vals = values(native(os.path.join(CORPUS, name), tmp), frame)
        total = sum(vals)
        weighted = sum(v * ((i % 251) + 1) for i, v in enumerate(vals))
        print('    {"%s", %d, %d, %.1f, %.1f},' % (name, frame, len(vals), total, weighted))
