// C-STORE: echo first, then every queued file over as few associations as possible; transient
// failures (association dropped, no answer) reconnect with backoff and continue.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <mutex>
#include <optional>
#include <set>

#include "dimse_association.h"
#include "imaging/core/error.h"
#include "imaging/send/send.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "send_queue.h"
#include "timer.h"

namespace imaging {
namespace {

using send_detail::AcceptedContext;
using send_detail::DimseAssociation;
using send_detail::QueuedFile;

// A peer that vanishes mid-write would otherwise kill the process with SIGPIPE.
void ignoreBrokenPipes() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) std::signal(SIGPIPE, SIG_IGN);
  });
}

std::string syntaxName(const std::string& uid) { return dcmFindNameOfUID(uid.c_str(), uid.c_str()); }

std::string statusHex(std::uint16_t status) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "%04x", static_cast<unsigned>(status));
  return std::string("0x") + hex;
}

// What happened to one try at one file.
struct TryResult {
  enum Kind { Stored, Refused, Transient } kind = Refused;
  std::string transfer_syntax;
  std::string detail;
};

TryResult storeOne(DimseAssociation& association, const Instance& instance) {
  TryResult result;
  std::optional<AcceptedContext> context = association.accepted(instance.sop_class_uid, instance.transfer_syntax_uid);
  const bool transcode = !context;
  if (transcode) context = association.acceptedAny(instance.sop_class_uid);
  if (!context) {
    result.detail = "peer refused SOP class " + syntaxName(instance.sop_class_uid);
    return result;
  }

  bridge::DicomFile file = bridge::DicomFile::open(instance.path, bridge::ReadDepth::LazyValues);
  if (!file.ok()) {
    result.detail = "cannot read: " + file.reason();
    return result;
  }
  DcmDataset& dataset = file.dataset();
  if (transcode) {
    const E_TransferSyntax target = DcmXfer(context->transfer_syntax.c_str()).getXfer();
    if (dataset.chooseRepresentation(target, nullptr).bad() || !dataset.canWriteXfer(target)) {
      result.detail = "peer refuses " + syntaxName(instance.transfer_syntax_uid) +
                      " and the data cannot be decoded here to " + syntaxName(context->transfer_syntax);
      return result;
    }
    dataset.removeAllButCurrentRepresentations();
    dataset.updateOriginalXfer();
  }
  // Checked here so that a local encoding problem fails this file, not the connection.
  if (!dataset.canWriteXfer(DcmXfer(context->transfer_syntax.c_str()).getXfer())) {
    result.detail = "cannot encode the data in " + syntaxName(context->transfer_syntax);
    return result;
  }

  const send_detail::StoreAnswer answer =
      association.store(*context, dataset, instance.sop_class_uid, instance.sop_instance_uid);
  if (!answer.transport_ok) {
    result.kind = TryResult::Transient;
    result.detail = answer.error;
    return result;
  }
  if (DICOM_SUCCESS_STATUS(answer.status) || DICOM_WARNING_STATUS(answer.status)) {
    result.kind = TryResult::Stored;
    result.transfer_syntax = context->transfer_syntax;
    if (transcode) result.detail = "transcoded from " + syntaxName(instance.transfer_syntax_uid) + " (peer refused it)";
    if (DICOM_WARNING_STATUS(answer.status))
      result.detail += std::string(result.detail.empty() ? "" : "; ") + "stored with warning status " + statusHex(answer.status);
    return result;
  }
  result.detail = "peer answered failure status " + statusHex(answer.status);
  return result;
}

// Asks the peer (C-FIND at IMAGE level, one query per series) which of the instances an earlier
// run delivered it still has; settles them (AlreadySent or sent again). Throws Error(Io) when the
// peer cannot be reached at all.
void confirmByFind(const DicomPeer& peer, const SendOptions& options, send_detail::SendQueue& queue,
                   SendReport& report, std::size_t& done) {
  DimseAssociation association(peer, options.calling_aet, options.timeout_s, options.tls);
  // Verification too, so that a peer without C-FIND still takes the association (and then
  // everything unconfirmed is simply sent again).
  const std::string why = association.open(
      {send_detail::findProposal(),
       {UID_VerificationSOPClass, {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax}}});
  if (!why.empty()) throw Error(ErrorCode::Io, why);
  ++report.associations;
  std::set<std::string> present;
  bool answered = true;
  for (const auto& [key, uids] : send_detail::confirmationQueries(queue)) {
    const auto found = association.findInstances(key.first, key.second);
    if (!found) {
      answered = false;
      break;
    }
    for (const std::string& uid : uids)
      if (found->count(uid) != 0) present.insert(uid);
  }
  association.release();
  send_detail::settleConfirmations(queue, present, answered, options, report, done);
}

class CStoreRun {
 public:
  CStoreRun(const DicomPeer& peer, const SendOptions& options, SendReport& report, std::size_t already_done)
      : peer_(peer), options_(options), report_(report), done_(already_done) {}

  void run(const std::vector<QueuedFile>& queue) {
    std::vector<send_detail::FileSyntax> syntaxes;
    for (const QueuedFile& file : queue)
      syntaxes.push_back({file.instance->sop_class_uid, file.instance->transfer_syntax_uid});
    const auto plans = send_detail::planAssociations(syntaxes);
    if (plans.empty()) return;
    if (send_detail::cancelRequested(options_)) {  // cancelled before anything started: no contact at all
      cancelRest(queue, plans, &plans.front(), 0);
      return;
    }

    bool first = true;
    for (const auto& plan : plans) {
      DimseAssociation association(peer_, options_.calling_aet, options_.timeout_s, options_.tls);
      if (first) {
        // The first contact decides whether anything can be done at all: fail fast and clearly.
        std::string why = association.open(plan.proposals);
        if (why.empty()) why = association.echo();
        if (!why.empty()) throw Error(ErrorCode::Io, why);
        ++report_.associations;
        first = false;
      }
      for (std::size_t position = 0; position < plan.files.size(); ++position) {
        if (send_detail::cancelRequested(options_)) {
          // The file before this one has its answer: end the association the orderly way.
          association.release();
          cancelRest(queue, plans, &plan, position);
          return;
        }
        const QueuedFile& file = queue[plan.files[position]];
        const FileEnd end = sendWithRetries(association, plan.proposals, file);
        if (end == FileEnd::PeerUnreachable) {
          failRest(queue, plans, &plan, position + 1);
          return;
        }
        if (end == FileEnd::Cancelled) {
          association.release();
          cancelRest(queue, plans, &plan, position + 1);
          return;
        }
      }
      association.release();
    }
  }

 private:
  enum class FileEnd {
    Done,             // sent or failed for a reason of its own: go on with the next file
    PeerUnreachable,  // marked failed; the peer cannot be reached again after all retries
    Cancelled         // marked cancelled while waiting to retry it
  };

  FileEnd sendWithRetries(DimseAssociation& association, const std::vector<send_detail::ContextProposal>& proposals,
                          const QueuedFile& file) {
    std::string last_error;
    bool peer_unreachable = false;
    for (int attempt = 0; attempt <= options_.retries; ++attempt) {
      if (attempt > 0 && !send_detail::backoff(options_, attempt)) {
        send_detail::markCancelled(file, report_);
        return FileEnd::Cancelled;
      }
      if (!association.isOpen()) {
        last_error = association.open(proposals);
        peer_unreachable = !last_error.empty();
        if (peer_unreachable) continue;
        ++report_.associations;
      }
      const TryResult result = storeOne(association, *file.instance);
      if (result.kind == TryResult::Stored) {
        send_detail::markSent(file, result.transfer_syntax, result.detail, options_, report_, done_);
        return FileEnd::Done;
      }
      if (result.kind == TryResult::Refused) {
        send_detail::markFailed(file, result.detail, options_, report_, done_);
        return FileEnd::Done;
      }
      last_error = result.detail;
    }
    send_detail::markFailed(file, "not sent: " + last_error, options_, report_, done_);
    // A peer that takes new associations but drops this file: go on with the next one.
    if (!peer_unreachable) return FileEnd::Done;
    unreachable_reason_ = last_error;
    return FileEnd::PeerUnreachable;
  }

  // Calls mark for every queued file from position `from` of plan `current` on.
  template <typename Mark>
  void forRest(const std::vector<QueuedFile>& queue, const std::vector<send_detail::AssociationPlan>& plans,
               const send_detail::AssociationPlan* current, std::size_t from, Mark mark) {
    bool reached = false;
    for (const auto& plan : plans) {
      if (&plan == current) reached = true;
      if (!reached) continue;
      for (std::size_t i = (&plan == current ? from : 0); i < plan.files.size(); ++i) mark(queue[plan.files[i]]);
    }
  }

  void failRest(const std::vector<QueuedFile>& queue, const std::vector<send_detail::AssociationPlan>& plans,
                const send_detail::AssociationPlan* current, std::size_t from) {
    forRest(queue, plans, current, from, [this](const QueuedFile& file) {
      send_detail::markFailed(file, "not sent: peer unreachable after retries (" + unreachable_reason_ + ")", options_,
                              report_, done_);
    });
  }

  void cancelRest(const std::vector<QueuedFile>& queue, const std::vector<send_detail::AssociationPlan>& plans,
                  const send_detail::AssociationPlan* current, std::size_t from) {
    forRest(queue, plans, current, from, [this](const QueuedFile& file) { send_detail::markCancelled(file, report_); });
  }

  const DicomPeer& peer_;
  const SendOptions& options_;
  SendReport& report_;
  std::size_t done_ = 0;
  std::string unreachable_reason_;
};

}  // namespace

SendReport sendByCStore(const Inventory& inventory, const DicomPeer& peer, const SendOptions& options) {
  bridge::ensureDcmtkReady();
  if (options.tls) send_detail::checkTlsFilesReadable(*options.tls);
  ignoreBrokenPipes();
  // Debian's DCMTK leaves Nagle's algorithm on unless TCP_NODELAY is set; with it, each small
  // DIMSE command can wait for a delayed ACK. Respect an explicit choice by the user.
  ::setenv("TCP_NODELAY", "1", 0);
  SendReport report;
  report.destination = peer.toString();
  send_detail::SendQueue queue = send_detail::queueInstances(inventory, options, report);
  std::size_t done = 0;
  if (!queue.to_confirm.empty()) {
    if (send_detail::cancelRequested(options)) send_detail::settleConfirmations(queue, {}, false, options, report, done);
    else confirmByFind(peer, options, queue, report, done);
  }
  if (queue.to_send.empty()) return report;
  const send_detail::Timer timer;
  CStoreRun run(peer, options, report, done);
  run.run(queue.to_send);
  report.seconds = timer.seconds();
  return report;
}

}  // namespace imaging
