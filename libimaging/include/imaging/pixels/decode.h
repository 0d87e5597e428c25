#pragma once
// Decoding one frame of a DICOM image, whatever its transfer syntax (native, deflated, RLE, JPEG,
// JPEG-LS via DCMTK; JPEG 2000 via OpenJPEG). Throws imaging::Error: Unsupported ("cannot decode
// <syntax>") for what cannot be decoded, NotFound/NotDicom/Corrupt for bad input. Thread-safe.
#include <filesystem>

#include "imaging/pixels/frame.h"

namespace imaging {

// frame_index counts from 0; an index past the last frame throws InvalidArgument.
Frame decodeFrame(const std::filesystem::path& path, int frame_index = 0);

// Number of frames in the file (reads the header only).
int frameCount(const std::filesystem::path& path);

// True when decodeFrame can handle the transfer syntax UID.
bool canDecodeTransferSyntax(const std::string& transfer_syntax_uid);

}  // namespace imaging
