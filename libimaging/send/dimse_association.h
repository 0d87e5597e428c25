#pragma once
// One DICOM association as a requestor, with errors turned into one clear line.
// Private to the send module (DCMTK types are fine here).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/dimse.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "imaging/send/destination.h"
#include "imaging/send/send.h"

class DcmTLSTransportLayer;

namespace imaging::send_detail {

struct ContextProposal {
  std::string abstract_syntax;
  std::vector<std::string> transfer_syntaxes;  // in order of preference
};

struct AcceptedContext {
  T_ASC_PresentationContextID id = 0;
  std::string transfer_syntax;
};

struct StoreAnswer {
  bool transport_ok = false;  // false: no answer (connection lost, timeout); association is gone
  std::uint16_t status = 0;   // DIMSE status when transport_ok
  std::string error;          // one line when !transport_ok
};

class DimseAssociation {
 public:
  // tls: when set, every association runs over DICOM TLS with these files.
  DimseAssociation(DicomPeer peer, std::string calling_aet, int timeout_s, std::optional<DicomTlsFiles> tls = {});
  ~DimseAssociation();
  DimseAssociation(const DimseAssociation&) = delete;
  DimseAssociation& operator=(const DimseAssociation&) = delete;

  // Connects and negotiates. Returns an empty string on success, otherwise one line saying why
  // not (connection refused, timeout, rejected because the called AE title is unknown, ...).
  std::string open(const std::vector<ContextProposal>& proposals);
  bool isOpen() const noexcept { return association_ != nullptr; }

  // C-ECHO; empty string on success, otherwise why not.
  std::string echo();

  // The accepted context for abstract syntax with exactly this transfer syntax, if any.
  std::optional<AcceptedContext> accepted(const std::string& abstract_syntax, const std::string& transfer_syntax) const;
  // Any accepted context for abstract syntax, preferring explicit over implicit little endian.
  std::optional<AcceptedContext> acceptedAny(const std::string& abstract_syntax) const;

  StoreAnswer store(const AcceptedContext& context, DcmDataset& dataset, const std::string& sop_class_uid,
                    const std::string& sop_instance_uid);

  // C-FIND, Study Root at IMAGE level, for every instance of one series (dimse_find.cpp): the SOP
  // Instance UIDs the peer holds. nullopt when no Study Root FIND context was accepted or the
  // query failed (then nothing can be confirmed).
  std::optional<std::set<std::string>> findInstances(const std::string& study_uid, const std::string& series_uid);

  void release();  // orderly release; falls back to abort
  void abort();

 private:
  std::string describeRequestFailure(const OFCondition& condition, T_ASC_Parameters* params) const;
  std::string initializeNetwork();
  void destroy();

  DicomPeer peer_;
  std::string calling_aet_;
  int timeout_s_;
  std::optional<DicomTlsFiles> tls_;
  // Declared before network_: the network uses the layer, so it must be dropped first.
  std::unique_ptr<DcmTLSTransportLayer> tls_layer_;
  T_ASC_Network* network_ = nullptr;
  T_ASC_Association* association_ = nullptr;
};

// Proposal lists per association: one context per (SOP class, file transfer syntax), one
// fallback (explicit, implicit little endian) per SOP class, and Verification; at most 128.
struct AssociationPlan {
  std::vector<ContextProposal> proposals;
  std::vector<std::size_t> files;  // indices into the caller's file list
};
struct FileSyntax {
  std::string sop_class_uid;
  std::string transfer_syntax_uid;
};
std::vector<AssociationPlan> planAssociations(const std::vector<FileSyntax>& files);

// The one context a confirmation query needs: Study Root Query/Retrieve - FIND.
ContextProposal findProposal();

// Throws Error(InvalidArgument) naming the first TLS file that is missing or unreadable.
void checkTlsFilesReadable(const DicomTlsFiles& files);

}  // namespace imaging::send_detail
