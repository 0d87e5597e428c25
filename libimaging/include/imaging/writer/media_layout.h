#pragma once
// Names inside an exported medium. Every component is 8 upper-case characters made from a
// one-letter kind and a counter, so nothing from the input (folder names, file names) is reused.
#include <cstddef>
#include <filesystem>
#include <string>

namespace imaging {

// "P0000001": prefix letter + 7-digit 1-based number. Throws Error(InvalidArgument) when the
// number is 0 or above 9999999, or the prefix is not an upper-case letter.
std::string mediaName(char prefix, std::size_t number);

// "DICOM/P0000001/S0000001/E0000001/I0000001" (relative to the medium root, '/' separated):
// patient, study, series (E), instance (I); all numbers 1-based.
std::filesystem::path mediaInstancePath(std::size_t patient, std::size_t study, std::size_t series,
                                        std::size_t instance);
// The same as text, for callers that keep names as strings (no path built and split per file).
std::string mediaInstanceName(std::size_t patient, std::size_t study, std::size_t series, std::size_t instance);

// The folder that holds the DICOM tree inside the medium.
inline constexpr const char* kMediaDicomFolder = "DICOM";
inline constexpr const char* kMediaDicomdirName = "DICOMDIR";

}  // namespace imaging
