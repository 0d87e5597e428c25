#include "send_fixtures.h"

#include <chrono>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dctk.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <unistd.h>

namespace send_test {

imaging::SendOptions quickOptions(int retries) {
  imaging::SendOptions options;
  options.timeout_s = 5;
  options.retries = retries;
  options.retry_delay = std::chrono::milliseconds(50);
  return options;
}
namespace {

void registerCodecs() {
  static std::once_flag once;
  std::call_once(once, [] {
    DcmRLEEncoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
  });
}

std::string newUid() {
  char uid[100];
  dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
  return uid;
}

}  // namespace

std::filesystem::path freshFolder(const std::string& name) {
  const auto folder = std::filesystem::path(SCANSHARE_TEST_WORK_DIR) / "send" /
                      (name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

CliRun runCli(const std::string& arguments, const std::filesystem::path& scratch, const std::string& environment) {
  const auto out = scratch / "stdout.txt";
  const auto err = scratch / "stderr.txt";
  const std::string command = (environment.empty() ? "" : "env " + environment + " ") + "'" + SCANSHARE_CLI + "' " +
                              arguments + " >" + quoted(out) + " 2>" + quoted(err);
  const int status = std::system(command.c_str());
  CliRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = readText(out);
  run.err = readText(err);
  return run;
}

std::filesystem::path exportFor(const std::filesystem::path& input, const std::filesystem::path& folder, const std::string& name) {
  const auto key = folder / "test.key";
  if (!std::filesystem::exists(key)) std::ofstream(key, std::ios::binary) << std::string(32, '\x5a');
  const auto out = folder / name;
  std::filesystem::remove_all(out);
  const CliRun run = runCli("anonymize " + quoted(input) + " -o " + quoted(out) + " --key " + quoted(key), folder);
  if (run.exit_code != 0) throw std::runtime_error("anonymize of the fixtures failed: " + run.err);
  return out;
}

Fixture writeFixture(const std::filesystem::path& folder, int seed, const FixtureSpec& spec) {
  registerCodecs();
  Fixture fixture;
  fixture.sop_instance_uid = newUid();
  DcmFileFormat file;
  DcmDataset& data = *file.getDataset();
  data.putAndInsertString(DCM_SOPClassUID, spec.sop_class_uid.c_str());
  data.putAndInsertString(DCM_SOPInstanceUID, fixture.sop_instance_uid.c_str());
  data.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.10.1001.1");
  data.putAndInsertString(DCM_SeriesInstanceUID, ("1.2.826.0.1.3680043.10.1001.1." + spec.sop_class_uid.substr(spec.sop_class_uid.size() - 1)).c_str());
  data.putAndInsertString(DCM_Modality, "MR");
  // Another tool's copy must hold placeholders where the profile empties or dummies a value
  // (verify's profile check; a pseudonym that is not ScanShare's cannot be told from a real name).
  data.putAndInsertString(DCM_PatientName, spec.deidentified ? "ANONYMOUS" : kPlantedName);
  data.putAndInsertString(DCM_PatientID, spec.deidentified ? "ANONYMOUS" : kPlantedId);
  if (spec.deidentified) data.putAndInsertString(DCM_PatientIdentityRemoved, "YES");
  data.putAndInsertString(DCM_InstanceNumber, std::to_string(seed + 1).c_str());
  data.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(spec.rows));
  data.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(spec.columns));
  data.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  data.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  data.putAndInsertUint16(DCM_BitsAllocated, 16);
  data.putAndInsertUint16(DCM_BitsStored, 12);
  data.putAndInsertUint16(DCM_HighBit, 11);
  data.putAndInsertUint16(DCM_PixelRepresentation, 0);

  const std::size_t count = static_cast<std::size_t>(spec.rows) * static_cast<std::size_t>(spec.columns);
  std::vector<Uint16> pixels(count);
  std::uint32_t state = 2166136261u ^ static_cast<std::uint32_t>(seed);
  for (std::size_t i = 0; i < count; ++i) {
    state = state * 1664525u + 1013904223u;
    pixels[i] = static_cast<Uint16>((state >> 16) & 0x0fff);
  }
  data.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(count));
  fixture.raw_pixels.resize(count * 2);
  for (std::size_t i = 0; i < count; ++i) {  // little endian, as every uncompressed syntax here writes it
    fixture.raw_pixels[2 * i] = static_cast<std::uint8_t>(pixels[i] & 0xff);
    fixture.raw_pixels[2 * i + 1] = static_cast<std::uint8_t>(pixels[i] >> 8);
  }

  const E_TransferSyntax xfer = DcmXfer(spec.transfer_syntax_uid.c_str()).getXfer();
  if (data.chooseRepresentation(xfer, nullptr).bad() || !data.canWriteXfer(xfer))
    throw std::runtime_error("fixture: cannot encode " + spec.transfer_syntax_uid);
  fixture.path = folder / ("IMG" + std::to_string(seed) + ".dcm");
  if (file.saveFile(fixture.path.c_str(), xfer).bad()) throw std::runtime_error("fixture: cannot write " + fixture.path.string());
  return fixture;
}

std::vector<std::uint8_t> decodedPixelBytes(const std::filesystem::path& path) {
  registerCodecs();
  DcmFileFormat file;
  if (file.loadFile(path.c_str()).bad()) return {};
  DcmDataset& data = *file.getDataset();
  if (data.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad()) return {};
  const Uint8* bytes = nullptr;
  unsigned long length = 0;
  DcmElement* element = nullptr;
  if (data.findAndGetElement(DCM_PixelData, element).bad()) return {};
  Uint16* words = nullptr;
  if (element->getUint16Array(words).good() && words) {
    length = element->getLength();
    bytes = reinterpret_cast<const Uint8*>(words);
  } else if (element->getUint8Array(const_cast<Uint8*&>(bytes)).bad() || !bytes) {
    return {};
  } else {
    length = element->getLength();
  }
  return std::vector<std::uint8_t>(bytes, bytes + length);
}

std::string transferSyntaxOf(const std::filesystem::path& path) {
  DcmFileFormat file;
  if (file.loadFile(path.c_str()).bad()) return {};
  OFString uid;
  file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, uid);
  return uid.c_str();
}

}  // namespace send_test
