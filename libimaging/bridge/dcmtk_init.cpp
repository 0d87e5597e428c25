#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/oflog/oflog.h>

#include <atomic>
#include <mutex>

#include "imaging_bridge/dcmtk.h"

namespace imaging::bridge {
namespace {
std::atomic<std::uint64_t> refusals{0};
}  // namespace

std::uint64_t dcmtkRefusals() { return refusals.load(std::memory_order_acquire); }

void ensureDcmtkReady() {
  static std::once_flag once;
  static bool dictionary_ok = false;
  std::call_once(once, [] {
    // DCMTK's own logger would print to stderr; ScanShare reports problems itself.
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    dictionary_ok = dcmDataDict.isDictionaryLoaded();
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
  });
  if (!dictionary_ok) {
    refusals.fetch_add(1, std::memory_order_acq_rel);
    throw Error(ErrorCode::Configuration,
                "DICOM data dictionary not loaded: install package libdcmtk17 (dicom.dic) or set DCMDICTPATH");
  }
}

}  // namespace imaging::bridge
