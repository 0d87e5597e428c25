#pragma once
// Sends the instances of an inventory to a DICOM peer (C-STORE) or a DICOMweb server (STOW-RS),
// with per-file status, retries for transient failures, and resumption through a SendState.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "imaging/model/model.h"
#include "imaging/send/destination.h"
#include "imaging/send/send_state.h"

namespace imaging {

enum class SendOutcome {
  Sent,         // the peer confirmed storage (success or warning status)
  AlreadySent,  // an earlier run sent it to the same destination (state file) and the server confirms it has it
  Failed,       // not confirmed: refused, failed status, or connection lost before the answer
  Cancelled     // not sent because SendOptions::cancel was set before it was confirmed
};
const char* toString(SendOutcome outcome) noexcept;

struct FileSendStatus {
  std::filesystem::path path;
  std::string sop_instance_uid;
  SendOutcome outcome = SendOutcome::Failed;
  std::string transfer_syntax_uid;  // the syntax it travelled in (empty when not sent)
  std::string detail;               // one line: warning, reason for failure; never identifying
};

struct SendReport {
  std::string destination;  // DicomPeer::toString() or the STOW endpoint
  std::string export_identity;  // SendState::exportIdentity of what was sent
  std::vector<FileSendStatus> files;
  std::size_t associations = 0;  // C-STORE: associations opened (1 unless reconnects were needed)
  std::uint64_t bytes_sent = 0;  // file bytes of the instances sent in this run
  double seconds = 0;            // wall time of the transfer (after identity/state checks)

  std::size_t count(SendOutcome outcome) const;
  bool allDone() const { return count(SendOutcome::Failed) == 0 && count(SendOutcome::Cancelled) == 0; }
};

// DICOM over TLS (PS3.15 Annex B) for C-STORE: our certificate and key (PEM), and the CA
// certificate(s) (PEM) the peer's certificate must be signed by. The peer must present one.
struct DicomTlsFiles {
  std::filesystem::path certificate;
  std::filesystem::path private_key;
  std::filesystem::path trusted_ca;
};

struct SendOptions {
  std::string calling_aet = "SCANSHARE";  // C-STORE only
  std::optional<DicomTlsFiles> tls;       // C-STORE only: set for DICOM TLS
  int timeout_s = 30;                     // connect, association and each response
  int retries = 3;                        // further tries after a transient failure
  std::chrono::milliseconds retry_delay{500};  // first backoff; doubles each retry
  std::size_t stow_batch_files = 20;           // STOW-RS: files per request
  std::uint64_t stow_batch_bytes = std::uint64_t{50} << 20;  // STOW-RS: bytes per request
  // When set: record what gets sent; what it lists for this destination and export is skipped
  // only when the server confirms it has it (C-FIND at IMAGE level / QIDO-RS), else sent again.
  SendState* state = nullptr;
  // Called after each file gets its outcome, with (status, files done, files total). Not called
  // for the files a cancel leaves unsent (they are all marked Cancelled at once).
  std::function<void(const FileSendStatus&, std::size_t, std::size_t)> progress;
  // When set and it becomes true (from any thread, or a signal handler: it is only loaded), the
  // send stops: no new file or STOW batch is started, a retry wait ends within about 50 ms, the
  // file or batch in flight finishes, a C-STORE association is released normally, and every file
  // not confirmed is reported Cancelled (and not recorded in `state`, so a rerun sends it).
  const std::atomic<bool>* cancel = nullptr;
};

// C-ECHO first, then C-STORE over as few associations as the presentation contexts allow.
// Throws Error(Io) with one clear line when nothing can be sent: connection refused, timeout,
// association rejected (and why: called or calling AE title not recognised, ...), echo failed.
// Failures after that are per file in the report.
SendReport sendByCStore(const Inventory& inventory, const DicomPeer& peer, const SendOptions& options);

// STOW-RS in batches (multipart/related; type="application/dicom"); per-instance status from the
// response's ReferencedSOPSequence / FailedSOPSequence. Throws Error(Io) when the server cannot
// be reached at all or rejects the first request outright (e.g. 401, 404).
SendReport sendByStow(const Inventory& inventory, const StowTarget& target, const SendOptions& options);

// Either kind of destination, for callers that take one from the user.
struct SendDestination {
  std::optional<DicomPeer> peer;  // C-STORE when set
  std::optional<StowTarget> stow;  // STOW-RS when set
};
// Dispatches to sendByCStore or sendByStow; throws Error(InvalidArgument) unless exactly one is set.
SendReport sendTo(const Inventory& inventory, const SendDestination& destination, const SendOptions& options);

}  // namespace imaging
