#include "dimse_association.h"

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmnet/dul.h>
#include <dcmtk/dcmtls/tlslayer.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "imaging/core/error.h"

namespace imaging::send_detail {
namespace {

constexpr int kMaxContexts = 128;  // presentation context IDs are the odd numbers 1..255

const char* const kExplicitLittle = UID_LittleEndianExplicitTransferSyntax;
const char* const kImplicitLittle = UID_LittleEndianImplicitTransferSyntax;

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

std::string rejectionReason(const T_ASC_RejectParameters& reject, const std::string& called, const std::string& calling) {
  switch (reject.reason) {
    case ASC_REASON_SU_CALLEDAETITLENOTRECOGNIZED:
      return "called AE title '" + called + "' is not known to the peer (check the AET in --to)";
    case ASC_REASON_SU_CALLINGAETITLENOTRECOGNIZED:
      return "calling AE title '" + calling + "' is not known to the peer (register it there or use --calling-aet)";
    case ASC_REASON_SU_APPCONTEXTNAMENOTSUPPORTED: return "application context not supported";
    case ASC_REASON_SP_ACSE_PROTOCOLVERSIONNOTSUPPORTED: return "protocol version not supported";
    case ASC_REASON_SP_PRES_TEMPORARYCONGESTION: return "peer temporarily congested";
    case ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED: return "peer's association limit reached";
    default: return "no reason given";
  }
}

}  // namespace

DimseAssociation::DimseAssociation(DicomPeer peer, std::string calling_aet, int timeout_s, std::optional<DicomTlsFiles> tls)
    : peer_(std::move(peer)), calling_aet_(std::move(calling_aet)), timeout_s_(std::max(1, timeout_s)), tls_(std::move(tls)) {}

DimseAssociation::~DimseAssociation() {
  if (association_) abort();
  if (network_) ASC_dropNetwork(&network_);
}

void checkTlsFilesReadable(const DicomTlsFiles& files) {
  const std::pair<const char*, const std::filesystem::path*> named[] = {
      {"--cert", &files.certificate}, {"--key", &files.private_key}, {"--ca", &files.trusted_ca}};
  for (const auto& [option, path] : named) {
    if (path->empty()) throw Error(ErrorCode::InvalidArgument, std::string("TLS needs ") + option + " FILE");
    if (::access(path->c_str(), R_OK) != 0 || std::filesystem::is_directory(*path))
      throw Error(ErrorCode::InvalidArgument, std::string("cannot read the TLS file given with ") + option, path->string());
  }
}

std::string DimseAssociation::initializeNetwork() {
  const OFCondition made = ASC_initializeNetwork(NET_REQUESTOR, 0, timeout_s_, &network_);
  if (made.bad()) return std::string("cannot initialise the network: ") + made.text();
  if (!tls_) return {};
  auto layer = std::make_unique<DcmTLSTransportLayer>(NET_REQUESTOR, nullptr, OFTrue);
  const std::string certificate = tls_->certificate.string(), key = tls_->private_key.string(),
                    ca = tls_->trusted_ca.string();
  // BCP 195 is the profile PS3.15 recommends; certificates are PEM, as openssl writes them.
  if (layer->setTLSProfile(TSP_Profile_BCP195).bad() || layer->activateCipherSuites().bad())
    return "cannot set up TLS: the BCP 195 cipher suites are not available";
  if (layer->setPrivateKeyFile(key.c_str(), DCF_Filetype_PEM).bad())
    return "cannot load the TLS private key (--key " + key + ")";
  if (layer->setCertificateFile(certificate.c_str(), DCF_Filetype_PEM).bad())
    return "cannot load the TLS certificate (--cert " + certificate + ")";
  if (!layer->checkPrivateKeyMatchesCertificate())
    return "the TLS private key (--key " + key + ") does not match the certificate (--cert " + certificate + ")";
  if (layer->addTrustedCertificateFile(ca.c_str(), DCF_Filetype_PEM).bad())
    return "cannot load the trusted CA certificate (--ca " + ca + ")";
  layer->setCertificateVerification(DCV_requireCertificate);
  const OFCondition set = ASC_setTransportLayer(network_, layer.get(), 0);
  if (set.bad()) return std::string("cannot set up TLS: ") + set.text();
  tls_layer_ = std::move(layer);
  return {};
}

std::string DimseAssociation::describeRequestFailure(const OFCondition& condition, T_ASC_Parameters* params) const {
  const std::string where = peer_.toString();
  if (condition == DUL_ASSOCIATIONREJECTED) {
    T_ASC_RejectParameters reject{};
    ASC_getRejectParameters(params, &reject);
    const char* kind = reject.result == ASC_RESULT_REJECTEDTRANSIENT ? "temporarily" : "permanently";
    return std::string("association ") + kind + " rejected by " + where + ": " +
           rejectionReason(reject, peer_.called_aet, calling_aet_);
  }
  const std::string text = condition.text() ? condition.text() : "";
  if (tls_ && contains(text, "TLS")) {
    if (contains(text, "certificate verify failed"))
      return "TLS handshake with " + where + " failed: its certificate is not signed by the CA given with --ca";
    return "TLS handshake with " + where + " failed (" + text + "; does the peer speak DICOM TLS, and does it trust --cert?)";
  }
  if (tls_ && condition == DUL_PEERABORTEDASSOCIATION)
    return "TLS handshake with " + where + " failed: the peer closed the connection (does it speak TLS, and trust --cert?)";
  if (!tls_ && condition == DUL_PEERABORTEDASSOCIATION)
    return "association with " + where + " aborted by the peer before it answered (if it requires DICOM TLS, use --tls)";
  if (contains(text, "refused")) return "connection refused by " + where + " (nothing listens on that port)";
  if (contains(text, "timed out") || contains(text, "imeout") || contains(text, "in progress"))
    return "timeout after " + std::to_string(timeout_s_) + " s waiting for " + where;
  if (contains(text, "unknown host") || contains(text, "Name or service")) return "unknown host '" + peer_.host + "'";
  return "cannot associate with " + where + ": " + text;
}

std::string DimseAssociation::open(const std::vector<ContextProposal>& proposals) {
  if (association_) abort();
  dcmConnectionTimeout.set(timeout_s_);
  if (!network_) {
    const std::string why = initializeNetwork();
    if (!why.empty()) {
      if (network_) ASC_dropNetwork(&network_);
      network_ = nullptr;
      return why;
    }
  }
  T_ASC_Parameters* params = nullptr;
  OFCondition cond = ASC_createAssociationParameters(&params, ASC_DEFAULTMAXPDU);
  if (cond.bad()) return std::string("cannot create association parameters: ") + cond.text();
  ASC_setAPTitles(params, calling_aet_.c_str(), peer_.called_aet.c_str(), nullptr);
  const std::string address = (peer_.host.find(':') != std::string::npos ? "[" + peer_.host + "]" : peer_.host) +
                              ':' + std::to_string(peer_.port);
  ASC_setPresentationAddresses(params, OFStandard::getHostName().c_str(), address.c_str());
  if (tls_layer_) ASC_setTransportLayerType(params, OFTrue);

  T_ASC_PresentationContextID id = 1;
  for (const ContextProposal& proposal : proposals) {
    if (id > 2 * kMaxContexts - 1) break;
    std::vector<const char*> syntaxes;
    for (const std::string& syntax : proposal.transfer_syntaxes) syntaxes.push_back(syntax.c_str());
    cond = ASC_addPresentationContext(params, id, proposal.abstract_syntax.c_str(), syntaxes.data(),
                                      static_cast<int>(syntaxes.size()));
    if (cond.bad()) {
      ASC_destroyAssociationParameters(&params);
      return std::string("cannot propose presentation contexts: ") + cond.text();
    }
    id = static_cast<T_ASC_PresentationContextID>(id + 2);
  }

  cond = ASC_requestAssociation(network_, params, &association_, nullptr, nullptr, DUL_NOBLOCK, timeout_s_);
  if (cond.bad()) {
    const std::string why = describeRequestFailure(cond, params);
    if (association_)
      ASC_destroyAssociation(&association_);  // also frees params
    else
      ASC_destroyAssociationParameters(&params);
    association_ = nullptr;
    return why;
  }
  if (ASC_countAcceptedPresentationContexts(association_->params) == 0) {
    abort();
    return "association with " + peer_.toString() + " accepted none of the proposed SOP classes";
  }
  return {};
}

std::string DimseAssociation::echo() {
  if (!association_) return "not connected";
  const T_ASC_PresentationContextID id = ASC_findAcceptedPresentationContextID(association_, UID_VerificationSOPClass);
  if (id == 0) return {};  // a peer may store without offering C-ECHO; storing will tell
  DIC_US status = 0;
  DcmDataset* detail = nullptr;
  const OFCondition cond =
      DIMSE_echoUser(association_, association_->nextMsgID++, DIMSE_NONBLOCKING, timeout_s_, &status, &detail);
  delete detail;
  if (cond.bad()) {
    abort();
    return "C-ECHO to " + peer_.toString() + " got no answer: " + cond.text();
  }
  if (status != STATUS_Success) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "%04x", static_cast<unsigned>(status));
    return "C-ECHO to " + peer_.toString() + " failed with status 0x" + hex;
  }
  return {};
}

std::optional<AcceptedContext> DimseAssociation::accepted(const std::string& abstract_syntax,
                                                          const std::string& transfer_syntax) const {
  // Walks the contexts itself: only an accepted context whose accepted syntax is exactly the one
  // asked for will do (the data must not need converting on it).
  if (!association_) return std::nullopt;
  const int count = ASC_countPresentationContexts(association_->params);
  for (int i = 0; i < count; ++i) {
    T_ASC_PresentationContext context{};
    if (ASC_getPresentationContext(association_->params, i, &context).bad()) continue;
    if (context.resultReason != ASC_P_ACCEPTANCE) continue;
    if (abstract_syntax != context.abstractSyntax) continue;
    if (transfer_syntax.empty() || transfer_syntax == context.acceptedTransferSyntax)
      return AcceptedContext{context.presentationContextID, context.acceptedTransferSyntax};
  }
  return std::nullopt;
}

std::optional<AcceptedContext> DimseAssociation::acceptedAny(const std::string& abstract_syntax) const {
  for (const char* syntax : {kExplicitLittle, kImplicitLittle})
    if (auto context = accepted(abstract_syntax, syntax)) return context;
  return accepted(abstract_syntax, std::string());
}

StoreAnswer DimseAssociation::store(const AcceptedContext& context, DcmDataset& dataset,
                                    const std::string& sop_class_uid, const std::string& sop_instance_uid) {
  StoreAnswer answer;
  if (!association_) {
    answer.error = "not connected";
    return answer;
  }
  T_DIMSE_C_StoreRQ request{};
  request.MessageID = association_->nextMsgID++;
  OFStandard::strlcpy(request.AffectedSOPClassUID, sop_class_uid.c_str(), sizeof request.AffectedSOPClassUID);
  OFStandard::strlcpy(request.AffectedSOPInstanceUID, sop_instance_uid.c_str(), sizeof request.AffectedSOPInstanceUID);
  request.DataSetType = DIMSE_DATASET_PRESENT;
  request.Priority = DIMSE_PRIORITY_MEDIUM;
  T_DIMSE_C_StoreRSP response{};
  DcmDataset* detail = nullptr;
  const OFCondition cond = DIMSE_storeUser(association_, context.id, &request, nullptr, &dataset, nullptr, nullptr,
                                           DIMSE_NONBLOCKING, timeout_s_, &response, &detail, nullptr, 0);
  delete detail;
  if (cond.bad()) {
    answer.error = std::string("no answer from ") + peer_.toString() + ": " + cond.text();
    abort();
    return answer;
  }
  answer.transport_ok = true;
  answer.status = response.DimseStatus;
  return answer;
}

void DimseAssociation::release() {
  if (!association_) return;
  if (ASC_releaseAssociation(association_).bad()) ASC_abortAssociation(association_);
  destroy();
}

void DimseAssociation::abort() {
  if (!association_) return;
  ASC_abortAssociation(association_);
  destroy();
}

void DimseAssociation::destroy() {
  ASC_dropSCPAssociation(association_);
  ASC_destroyAssociation(&association_);
  association_ = nullptr;
}

std::vector<AssociationPlan> planAssociations(const std::vector<FileSyntax>& files) {
  // SOP class -> its files' distinct transfer syntaxes, in first-seen order of classes.
  std::vector<std::string> classes;
  std::map<std::string, std::vector<std::string>> syntaxes_of;
  for (const FileSyntax& file : files) {
    auto [it, inserted] = syntaxes_of.try_emplace(file.sop_class_uid);
    if (inserted) classes.push_back(file.sop_class_uid);
    if (std::find(it->second.begin(), it->second.end(), file.transfer_syntax_uid) == it->second.end())
      it->second.push_back(file.transfer_syntax_uid);
  }

  std::vector<AssociationPlan> plans;
  std::map<std::string, std::size_t> plan_of_class;
  auto startPlan = [&plans] {
    plans.emplace_back();
    plans.back().proposals.push_back({UID_VerificationSOPClass, {kExplicitLittle, kImplicitLittle}});
  };
  for (const std::string& sop_class : classes) {
    std::vector<ContextProposal> mine;
    for (const std::string& syntax : syntaxes_of[sop_class]) mine.push_back({sop_class, {syntax}});
    mine.push_back({sop_class, {kExplicitLittle, kImplicitLittle}});  // fallback if the peer refuses the above
    if (plans.empty() || plans.back().proposals.size() + mine.size() > static_cast<std::size_t>(kMaxContexts))
      startPlan();
    auto& proposals = plans.back().proposals;
    proposals.insert(proposals.end(), mine.begin(), mine.end());
    if (proposals.size() > static_cast<std::size_t>(kMaxContexts)) proposals.resize(kMaxContexts);  // fallback-only
    plan_of_class[sop_class] = plans.size() - 1;
  }
  for (std::size_t i = 0; i < files.size(); ++i) plans[plan_of_class[files[i].sop_class_uid]].files.push_back(i);
  return plans;
}

}  // namespace imaging::send_detail
