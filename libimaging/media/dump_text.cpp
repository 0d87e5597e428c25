// Text rendering of a dumped file: one attribute per line, items indented under their sequence.
#include <sstream>

#include "imaging/media/dump.h"

namespace imaging {
namespace {

constexpr std::size_t kMaxShownValue = 160;

std::string displayValue(const std::string& value) {
  std::string out;
  for (char c : value) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (out.size() > kMaxShownValue) {
    std::size_t cut = kMaxShownValue;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    out = out.substr(0, cut) + "...";
  }
  return out;
}

void render(std::ostringstream& out, const std::vector<AttributeNode>& nodes, int depth) {
  const std::string indent(static_cast<std::size_t>(depth) * 4, ' ');
  for (const AttributeNode& node : nodes) {
    out << indent << node.tag << ' ' << node.vr << ' ' << (node.keyword.empty() ? "?" : node.keyword);
    const bool quoted = node.items.empty() && node.vr != "SQ" && node.inline_binary.empty() && !node.bulk &&
                        node.value.find('<') != 0 && node.value.find('(') != 0;
    if (quoted)
      out << "  [" << displayValue(node.value) << "]\n";
    else
      out << "  " << displayValue(node.value) << '\n';
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      out << indent << "  > item " << (i + 1) << '\n';
      render(out, node.items[i], depth + 1);
    }
  }
}

}  // namespace

std::string renderDumpText(const DumpedFile& file) {
  std::ostringstream out;
  if (!file.meta.empty()) {
    out << "# File meta information\n";
    render(out, file.meta, 0);
  }
  out << "# Dataset\n";
  render(out, file.dataset, 0);
  if (!file.charset_converted)
    out << "# Note: some text could not be decoded from its character set; non-ASCII shown as '?'\n";
  return out.str();
}

}  // namespace imaging
