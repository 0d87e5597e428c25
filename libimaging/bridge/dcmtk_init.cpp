#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/oflog/oflog.h>

#include <atomic>
#include <mutex>

#include "imaging_bridge/dcmtk.h"

namespace imaging::bridge {
namespace {
std::atomic<bool> ready{false};
}  // namespace

bool dcmtkIsReady() { return ready.load(std::memory_order_acquire); }

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
    ready.store(dictionary_ok, std::memory_order_release);
  });
  if (!dictionary_ok)
    throw Error(ErrorCode::Configuration,
                "DICOM data dictionary not loaded: install package libdcmtk17 (dicom.dic) or set DCMDICTPATH");
}

}  // namespace imaging::bridge
