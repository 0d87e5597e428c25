// C-FIND for a resumed send: which of the instances an earlier run delivered does the peer hold now?
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include "dimse_association.h"

namespace imaging::send_detail {
namespace {

struct Collected {
  std::set<std::string> uids;
};

void collectResponse(void* data, T_DIMSE_C_FindRQ*, int, T_DIMSE_C_FindRSP*, DcmDataset* identifiers) {
  if (identifiers == nullptr) return;
  OFString uid;
  if (identifiers->findAndGetOFString(DCM_SOPInstanceUID, uid).good() && !uid.empty())
    static_cast<Collected*>(data)->uids.insert(uid.c_str());
}

}  // namespace

ContextProposal findProposal() {
  return {UID_FINDStudyRootQueryRetrieveInformationModel,
          {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax}};
}

std::optional<std::set<std::string>> DimseAssociation::findInstances(const std::string& study_uid,
                                                                      const std::string& series_uid) {
  if (!association_) return std::nullopt;
  const auto context = acceptedAny(UID_FINDStudyRootQueryRetrieveInformationModel);
  if (!context) return std::nullopt;
  DcmDataset keys;
  keys.putAndInsertString(DCM_QueryRetrieveLevel, "IMAGE");
  keys.putAndInsertString(DCM_StudyInstanceUID, study_uid.c_str());
  keys.putAndInsertString(DCM_SeriesInstanceUID, series_uid.c_str());
  keys.putAndInsertString(DCM_SOPInstanceUID, "");  // universal matching: every instance of the series
  T_DIMSE_C_FindRQ request{};
  request.MessageID = association_->nextMsgID++;
  OFStandard::strlcpy(request.AffectedSOPClassUID, UID_FINDStudyRootQueryRetrieveInformationModel,
                      sizeof request.AffectedSOPClassUID);
  request.DataSetType = DIMSE_DATASET_PRESENT;
  request.Priority = DIMSE_PRIORITY_MEDIUM;
  T_DIMSE_C_FindRSP response{};
  DcmDataset* detail = nullptr;
  Collected collected;
  int responses = 0;
  const OFCondition cond = DIMSE_findUser(association_, context->id, &request, &keys, responses, collectResponse,
                                          &collected, DIMSE_NONBLOCKING, timeout_s_, &response, &detail);
  delete detail;
  if (cond.bad() || response.DimseStatus != STATUS_Success) return std::nullopt;
  return collected.uids;
}

}  // namespace imaging::send_detail
