#pragma once
// Shared by the fuzz targets: a private scratch folder per process and small valid DICOM files
// written with DCMTK (fixtures are made in code).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace fuzz_support {

// A scratch folder for this process (created on first use, under $TMPDIR or /tmp).
const std::filesystem::path& scratchDir();

// Writes the fuzzer's input bytes to path (replacing it).
void writeInput(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size);

// A 4x4 16-bit MR image with the attributes a DICOMDIR record needs; instance_number sets the
// SOP Instance UID suffix too.
void writeValidInstance(const std::filesystem::path& path, int instance_number);

// A DICOMDIR (patient > study > series > two images) that references files "IMG1" and "IMG2"
// written by writeValidInstance next to it.
void writeValidDicomdir(const std::filesystem::path& path);

// When the environment variable SCANSHARE_FUZZ_SEED_OUT names a folder, writes `name` there
// from `source` (so scripts/fuzz.sh can seed a corpus with the fixtures of a target).
void exportSeed(const std::filesystem::path& source, const std::string& name);

// The seed of the single-file targets: a valid instance, exported as "valid-instance.dcm".
void seedWithValidInstance();

}  // namespace fuzz_support
