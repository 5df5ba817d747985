// The public entry points of wire/rdata.h that convert between text and wire: they pick the
// type's schema and hand each field to the codecs of rdata_text_in.cc and rdata_text_out.cc.
#include "wire/rdata.h"

#include <fmt/format.h>

#include "wire/rdata_codec.h"
#include "wire/rdata_internal.h"

namespace canon {

using namespace rdata_internal;

namespace {

// RFC 3597 §5: `\# len hex...`, the hex possibly split over several tokens (or absent for 0).
Status generic_from_text(RRType type, std::span<const Token> toks, std::vector<uint8_t>& out) {
  if (toks.size() < 2) return Error("missing length after \\#", static_cast<int>(toks.size()));
  auto len = parse_uint(toks[1].text, 65535);
  if (!len) return Error(fmt::format("bad rdata length '{}'", toks[1].text), 1);
  size_t start = out.size();
  for (size_t i = 2; i < toks.size(); ++i)
    if (!hex_decode(toks[i].text, out)) {
      out.resize(start);
      return Error(fmt::format("bad hex '{}'", toks[i].text), static_cast<int>(i));
    }
  size_t got = out.size() - start;
  if (got != *len) {
    out.resize(start);
    return Error(fmt::format("rdata length {} does not match the {} octets given", *len, got),
                 got < *len ? static_cast<int>(toks.size()) : 1);
  }
  // Known types must hold valid rdata whatever syntax wrote it (as BIND checks).
  Status s = rdata_validate(type, std::span<const uint8_t>(out).subspan(start));
  if (!s) {
    out.resize(start);
    return Error(fmt::format("{} in \\# form", s.error().message), 0);
  }
  return {};
}

bool is_generic_marker(const Token& t) {
  return !t.quoted && t.text == "\\#";
}

}  // namespace

Status rdata_from_text(RRType type, std::span<const Token> tokens, const Name& origin,
                       std::vector<uint8_t>& out) {
  if (!tokens.empty() && is_generic_marker(tokens[0])) return generic_from_text(type, tokens, out);
  const TypeInfo* info = find_type(type);
  if (!info || !info->has_schema())
    return Error(
        fmt::format("type {} has no text form; write its rdata as \\# len hex", to_string(type)),
        0);
  size_t start = out.size();
  TextIn in{tokens, origin, out, start};
  for (Field f : info->fields) {
    if (f == Field::End) break;
    Status s = parse_field(f, in);
    if (!s) {
      out.resize(start);
      return s;
    }
  }
  if (!in.done()) {
    out.resize(start);
    return Error(
        fmt::format("unexpected '{}' after the {} rdata", tokens[in.i].text, info->mnemonic),
        static_cast<int>(in.i));
  }
  if (out.size() - start > 65535) {
    out.resize(start);
    return Error("rdata longer than 65535 octets", 0);
  }
  return {};
}

void rdata_to_generic_text(std::span<const uint8_t> rdata, std::string& out) {
  fmt::format_to(std::back_inserter(out), "\\# {}", rdata.size());
  if (rdata.empty()) return;
  out += ' ';
  hex_encode(rdata, out);
}

void rdata_to_text(RRType type, std::span<const uint8_t> rdata, std::string& out) {
  const TypeInfo* info = find_type(type);
  if (!info || !info->has_schema() || !rdata_validate(type, rdata))
    return rdata_to_generic_text(rdata, out);
  size_t pos = 0;
  bool first = true;
  for (Field f : info->fields) {
    if (f == Field::End) break;
    size_t n = field_size(f, rdata, pos);
    // An empty optional field prints nothing, not even its separator.
    if (n == 0 && (f == Field::StrOpt || f == Field::Bitmap || f == Field::NxtBitmap ||
                   f == Field::WksBitmap || f == Field::Apl || f == Field::SvcParams))
      continue;
    if (!first) out += ' ';
    first = false;
    print_field(f, rdata, pos, n, out);
    pos += n;
  }
}

std::string rdata_to_text(RRType type, std::span<const uint8_t> rdata) {
  std::string s;
  rdata_to_text(type, rdata, s);
  return s;
}

}  // namespace canon
