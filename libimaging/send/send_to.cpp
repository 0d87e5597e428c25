#include "imaging/core/error.h"
#include "imaging/send/send.h"

namespace imaging {

SendReport sendTo(const Inventory& inventory, const SendDestination& destination, const SendOptions& options) {
  if (destination.peer.has_value() == destination.stow.has_value())
    throw Error(ErrorCode::InvalidArgument, "a send needs exactly one destination: a DICOM peer or a STOW-RS URL");
  if (destination.peer) return sendByCStore(inventory, *destination.peer, options);
  return sendByStow(inventory, *destination.stow, options);
}

}  // namespace imaging
