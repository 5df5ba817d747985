#include "base/idn.h"

#include <idn2.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace canon {

namespace {

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};
using IdnString = std::unique_ptr<char, FreeDeleter>;

// Splits presentation text at unescaped dots; a trailing dot gives no empty last label.
// `\.` stays inside its label, escaped as written.
std::vector<std::string> split_labels(std::string_view name, bool& absolute) {
  std::vector<std::string> labels(1);
  absolute = false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '\\' && i + 1 < name.size()) {
      labels.back() += c;
      labels.back() += name[++i];
    } else if (c == '.') {
      if (i + 1 == name.size()) {
        absolute = true;
      } else {
        labels.emplace_back();
      }
    } else {
      labels.back() += c;
    }
  }
  return labels;
}

std::string join_labels(const std::vector<std::string>& labels, bool absolute) {
  std::string out;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += '.';
    out += labels[i];
  }
  if (absolute) out += '.';
  return out;
}

// UTS #46 §4 (step 1 of processing): these full stops separate labels like U+002E.
std::string map_full_stops(std::string_view s) {
  static constexpr std::string_view kStops[] = {"\xE3\x80\x82", "\xEF\xBC\x8E", "\xEF\xBD\xA1"};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    bool stop = false;
    for (auto dot : kStops) {
      if (s.substr(i, dot.size()) == dot) {
        out += '.';
        i += dot.size();
        stop = true;
        break;
      }
    }
    if (!stop) out += s[i++];
  }
  return out;
}

// UTS #46 non-transitional processing with IDNA2008's rules. No fallback to transitional
// (IDNA2003) processing, which dig tries: it admits symbols such as U+2603 that IDNA2008
// disallows, and those names are not valid IDNs.
int label_to_ascii(const std::string& label, IdnString& out) {
  char* raw = nullptr;
  int rc = idn2_to_ascii_8z(label.c_str(), &raw, IDN2_NONTRANSITIONAL);
  out.reset(raw);
  return rc;
}

bool has_ace_prefix(std::string_view label) {
  return label.size() > 4 && (label[0] | 0x20) == 'x' && (label[1] | 0x20) == 'n' &&
         label[2] == '-' && label[3] == '-';
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// The U-label of one A-label, or nullopt when it does not convert back to the same A-label.
std::optional<std::string> label_to_unicode(const std::string& label) {
  if (!has_ace_prefix(label) || label.find('\\') != std::string::npos) return std::nullopt;
  // Decoding the lowered label shows "XN--BCHER-KVA" as "bücher", not "BüCHER": Punycode
  // keeps the case of the ASCII letters it carries.
  std::string ace = lowered(label);
  char* raw = nullptr;
  int rc = idn2_to_unicode_8z8z(ace.c_str(), &raw, 0);
  IdnString uni(raw);
  if (rc != IDN2_OK || !uni) return std::nullopt;
  IdnString back;
  if (label_to_ascii(uni.get(), back) != IDN2_OK || !back) return std::nullopt;
  if (lowered(back.get()) != ace) return std::nullopt;
  return std::string(uni.get());
}

}  // namespace

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

Result<std::string> idn_to_ascii(std::string_view name) {
  if (is_ascii(name)) return std::string(name);
  bool absolute = false;
  std::vector<std::string> labels = split_labels(map_full_stops(name), absolute);
  for (auto& label : labels) {
    if (is_ascii(label)) continue;
    if (label.find('\\') != std::string::npos)
      return Error("'" + std::string(name) + "' is not a valid IDN: label '" + label +
                   "' mixes non-ASCII characters and escapes");
    IdnString ace;
    int rc = label_to_ascii(label, ace);
    if (rc != IDN2_OK || !ace)
      return Error("'" + std::string(name) + "' is not a valid IDN: label '" + label +
                   "': " + idn2_strerror(rc));
    label = ace.get();
  }
  return join_labels(labels, absolute);
}

std::optional<std::string> idn_to_unicode(std::string_view name) {
  bool absolute = false;
  std::vector<std::string> labels = split_labels(name, absolute);
  bool changed = false;
  for (auto& label : labels) {
    if (auto uni = label_to_unicode(label)) {
      label = std::move(*uni);
      changed = true;
    }
  }
  if (!changed) return std::nullopt;
  return join_labels(labels, absolute);
}

}  // namespace canon
