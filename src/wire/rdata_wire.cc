// Wire side of the schema: the size and well-formedness of each field kind, and on top of it
// rdata_validate, rdata_from_message, rdata_for_each_name and rdata_target.
#include <algorithm>

#include "wire/message.h"
#include "wire/rdata.h"
#include "wire/rdata_internal.h"

namespace canon {

using namespace rdata_internal;

namespace {

size_t name_size(std::span<const uint8_t> d, size_t pos) {
  size_t used = 0;
  if (!Name::from_wire(d.subspan(pos), &used)) return kBad;
  return used;
}

size_t str_size(std::span<const uint8_t> d, size_t pos) {
  if (pos >= d.size() || pos + 1 + d[pos] > d.size()) return kBad;
  return 1 + d[pos];
}

size_t rest_nonempty(std::span<const uint8_t> d, size_t pos) {
  return pos < d.size() ? d.size() - pos : kBad;
}

// NSEC/CSYNC type bitmap (RFC 4034 §4.1.2): windows in increasing order, each 1..32 octets
// long with a non-zero last octet (the form text output reproduces).
size_t bitmap_size(std::span<const uint8_t> d, size_t pos) {
  int last_window = -1;
  size_t p = pos;
  while (p < d.size()) {
    if (p + 2 > d.size()) return kBad;
    int window = d[p];
    size_t len = d[p + 1];
    if (window <= last_window || len == 0 || len > 32 || p + 2 + len > d.size()) return kBad;
    if (d[p + 1 + len] == 0) return kBad;
    last_window = window;
    p += 2 + len;
  }
  return p - pos;
}

// A flat bitmap (NXT, WKS) that must not end in a zero octet, up to `max` octets.
size_t flat_bitmap_size(std::span<const uint8_t> d, size_t pos, size_t max) {
  size_t len = d.size() - pos;
  if (len > max || (len > 0 && d.back() == 0)) return kBad;
  return len;
}

size_t gateway_size(std::span<const uint8_t> d, size_t pos, uint8_t kind) {
  switch (kind) {
    case 0:
      return 0;
    case 1:
      return pos + 4 <= d.size() ? 4 : kBad;
    case 2:
      return pos + 16 <= d.size() ? 16 : kBad;
    case 3:
      return name_size(d, pos);
    default:
      return kBad;
  }
}

size_t hip_size(std::span<const uint8_t> d, size_t pos) {
  if (pos + 4 > d.size()) return kBad;
  size_t hit = d[pos], key = d[pos + 2] << 8 | d[pos + 3];
  size_t p = pos + 4 + hit + key;
  if (hit == 0 || key == 0 || p > d.size()) return kBad;
  while (p < d.size()) {
    size_t n = name_size(d, p);
    if (n == kBad) return kBad;
    p += n;
  }
  return p - pos;
}

size_t atma_size(std::span<const uint8_t> d, size_t pos) {
  if (pos + 2 > d.size()) return kBad;
  if (d[pos] == 0) return d.size() - pos;
  if (d[pos] != 1) return kBad;
  bool digits =
      std::all_of(d.begin() + pos + 1, d.end(), [](uint8_t c) { return c >= '0' && c <= '9'; });
  return digits ? d.size() - pos : kBad;
}

size_t caa_tag_size(std::span<const uint8_t> d, size_t pos) {
  size_t n = str_size(d, pos);
  if (n == kBad || n == 1) return kBad;
  bool alnum = std::all_of(d.begin() + pos + 1, d.begin() + pos + n, [](uint8_t c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  return alnum ? n : kBad;
}

size_t fixed(std::span<const uint8_t> d, size_t pos, size_t n) {
  return pos + n <= d.size() ? n : kBad;
}

// Calls fn(field, pos, len) for each field; false if the rdata does not fit the schema.
template <typename Fn>
bool walk(const TypeInfo& info, std::span<const uint8_t> rdata, Fn&& fn) {
  size_t pos = 0;
  for (Field f : info.fields) {
    if (f == Field::End) break;
    size_t n = field_size(f, rdata, pos);
    if (n == kBad) return false;
    fn(f, pos, n);
    pos += n;
  }
  return pos == rdata.size();
}

}  // namespace

namespace rdata_internal {

size_t field_size(Field f, std::span<const uint8_t> d, size_t pos) {
  switch (f) {
    case Field::End:
      return 0;
    case Field::NameC:
    case Field::NameD:
    case Field::Name:
      return name_size(d, pos);
    case Field::U8:
    case Field::Algorithm:
    case Field::WksProto:
    case Field::AmtType:
    case Field::DsyncScheme:
      return fixed(d, pos, 1);
    case Field::U16:
    case Field::Type:
    case Field::CertType:
      return fixed(d, pos, 2);
    case Field::U32:
    case Field::Period:
    case Field::Time:
    case Field::IPv4:
      return fixed(d, pos, 4);
    case Field::IPv6:
      return fixed(d, pos, 16);
    case Field::Eui48:
      return fixed(d, pos, 6);
    case Field::Eui64:
    case Field::Ilnp64:
      return fixed(d, pos, 8);
    case Field::Str:
    case Field::Salt:
      return str_size(d, pos);
    case Field::StrOpt:
      return pos == d.size() ? 0 : str_size(d, pos);
    case Field::Hash32: {
      size_t n = str_size(d, pos);
      return n == 1 ? kBad : n;
    }
    case Field::Strs: {
      size_t p = pos;
      do {
        size_t n = str_size(d, p);
        if (n == kBad) return kBad;
        p += n;
      } while (p < d.size());
      return p - pos;
    }
    case Field::Base64:
    case Field::Hex:
    case Field::Nsap:
      return rest_nonempty(d, pos);
    case Field::Raw:
      return d.size() - pos;
    case Field::Bitmap:
      return bitmap_size(d, pos);
    case Field::NxtBitmap:
      return flat_bitmap_size(d, pos, 16);
    case Field::WksBitmap:
      return flat_bitmap_size(d, pos, 8192);
    case Field::CaaTag:
      return caa_tag_size(d, pos);
    case Field::Gateway:
      return d.size() < 2 ? kBad : gateway_size(d, pos, d[1]);
    case Field::AmtRelay:
      return d.size() < 2 ? kBad : gateway_size(d, pos, d[1] & 0x7f);
    case Field::Hip:
      return hip_size(d, pos);
    case Field::Atma:
      return atma_size(d, pos);
    case Field::Loc:
      return loc_size(d, pos);
    case Field::Apl:
      return apl_size(d, pos);
    case Field::SvcParams:
      return svc_params_size(d, pos);
    case Field::A6:
      return a6_size(d, pos);
  }
  return kBad;
}

}  // namespace rdata_internal

Status rdata_validate(RRType type, std::span<const uint8_t> rdata) {
  if (rdata.size() > 65535)
    return Error("rdata longer than 65535 octets", static_cast<int>(WireError::kBadRdata));
  const TypeInfo* info = find_type(type);
  if (!info || !info->has_schema()) return {};
  if (!walk(*info, rdata, [](Field, size_t, size_t) {}))
    return Error("rdata does not match the " + std::string(info->mnemonic) + " format",
                 static_cast<int>(WireError::kBadRdata));
  return {};
}

Status rdata_from_message(RRType type, std::span<const uint8_t> msg, size_t offset, size_t rdlen,
                          std::vector<uint8_t>& out) {
  auto bad = [](const char* what) { return Error(what, static_cast<int>(WireError::kBadRdata)); };
  if (offset > msg.size() || rdlen > msg.size() - offset)
    return Error("rdata runs past the end of the message", static_cast<int>(WireError::kTruncated));
  const TypeInfo* info = find_type(type);
  auto raw = msg.subspan(offset, rdlen);
  size_t start = out.size();
  if (!info || !info->has_schema()) {
    out.insert(out.end(), raw.begin(), raw.end());
    return {};
  }
  // Names that RFC 3597 §4 lets a sender compress are expanded; every other field is copied.
  // Fields after a decompressed name never depend on the octets before it, so sizes taken on
  // the raw rdata stay right.
  size_t pos = 0;
  for (Field f : info->fields) {
    if (f == Field::End) break;
    if (f == Field::NameC || f == Field::NameD) {
      size_t at = offset + pos;
      auto name = read_name(msg, at);
      if (!name) return name.error();
      if (at > offset + rdlen) return bad("name runs past the end of the rdata");
      auto w = name->wire();
      out.insert(out.end(), w.begin(), w.end());
      pos = at - offset;
      continue;
    }
    size_t n = field_size(f, raw, pos);
    if (n == kBad) return bad("rdata does not match its type's format");
    out.insert(out.end(), raw.begin() + pos, raw.begin() + pos + n);
    pos += n;
  }
  if (pos != rdlen) return bad("rdata length does not match its type's format");
  if (out.size() - start > 65535) return bad("rdata longer than 65535 octets once decompressed");
  return {};
}

void rdata_for_each_name(RRType type, std::span<const uint8_t> rdata,
                         const std::function<void(size_t, size_t, bool)>& fn) {
  const TypeInfo* info = find_type(type);
  if (!info || !info->has_schema()) return;
  // Collect first so that malformed rdata reports no names at all.
  std::array<std::pair<size_t, size_t>, kMaxFields> names;
  std::array<bool, kMaxFields> compress{};
  size_t count = 0;
  bool ok = walk(*info, rdata, [&](Field f, size_t pos, size_t len) {
    if (is_name_field(f) && count < kMaxFields) {
      compress[count] = f == Field::NameC;
      names[count++] = {pos, len};
    }
  });
  if (!ok) return;
  for (size_t i = 0; i < count; ++i) fn(names[i].first, names[i].second, compress[i]);
}

std::optional<Name> rdata_target(RRType type, std::span<const uint8_t> rdata) {
  size_t skip = 0;
  switch (type) {
    case RRType::CNAME:
    case RRType::DNAME:
    case RRType::NS:
    case RRType::PTR:
    case RRType::ALIAS:
      break;
    case RRType::MX:
    case RRType::SVCB:
    case RRType::HTTPS:
      skip = 2;
      break;
    case RRType::SRV:
      skip = 6;
      break;
    default:
      return std::nullopt;
  }
  if (rdata.size() <= skip) return std::nullopt;
  auto n = Name::from_wire(rdata.subspan(skip));
  if (!n) return std::nullopt;
  return *n;
}

}  // namespace canon
