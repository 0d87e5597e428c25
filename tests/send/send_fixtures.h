#pragma once
// Small DICOM images written by DCMTK in the tests themselves, and helpers to compare pixels.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "imaging/send/send.h"

namespace send_test {

// Short timeouts and retry delays, so failure cases take milliseconds, not the defaults' seconds.
imaging::SendOptions quickOptions(int retries = 2);

struct FixtureSpec {
  std::string sop_class_uid = "1.2.840.10008.5.1.4.1.1.4";         // MR Image Storage
  std::string transfer_syntax_uid = "1.2.840.10008.1.2.1";         // explicit little endian
  bool deidentified = true;                                        // PatientIdentityRemoved YES
  int rows = 32;
  int columns = 32;
};

struct Fixture {
  std::filesystem::path path;
  std::string sop_instance_uid;
  std::vector<std::uint8_t> raw_pixels;  // the uncompressed PixelData bytes as generated
};

// Writes one instance (16-bit pixels, values derived from seed) into folder.
Fixture writeFixture(const std::filesystem::path& folder, int seed, const FixtureSpec& spec = {});

// The PixelData bytes of a file, decompressed if it is encapsulated; empty if unreadable.
std::vector<std::uint8_t> decodedPixelBytes(const std::filesystem::path& file);
// The transfer syntax UID in a file's meta header.
std::string transferSyntaxOf(const std::filesystem::path& file);

// Fake identity planted in identified fixtures; tests check it never shows up in output.
inline constexpr const char* kPlantedName = "Zyxwart^Quillon";
inline constexpr const char* kPlantedId = "PID-775533";

// A fresh, empty folder under the test work directory.
std::filesystem::path freshFolder(const std::string& name);

// One run of the scanshare command line, its output captured through files in scratch.
struct CliRun {
  int exit_code = -1;
  std::string out, err;
};
// environment: "NAME=value ..." put before the command (values shell-quoted by the caller).
CliRun runCli(const std::string& arguments, const std::filesystem::path& scratch, const std::string& environment = "");
std::string readText(const std::filesystem::path& path);

// `scanshare anonymize input -o folder/name` with a fixed test key: a de-identified export with its
// DICOMDIR, which `send` requires verify to find clean. Throws std::runtime_error when it fails.
std::filesystem::path exportFor(const std::filesystem::path& input, const std::filesystem::path& folder,
                                const std::string& name = "export");
std::string quoted(const std::filesystem::path& path);  // for a shell command line

}  // namespace send_test
