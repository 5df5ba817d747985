// Message decoding (strict) and the pieces of the message model that are not the writer.
#include "wire/message.h"

#include <cstring>

#include <fmt/format.h>

#include "wire/edns.h"
#include "wire/octets.h"
#include "wire/rdata.h"
#include "wire/writer.h"

namespace canon {

namespace {

// Adds where the failure happened to an error from a lower level, keeping its code.
Error located(const Error& e, std::string_view where, size_t offset) {
  return Error(fmt::format("{} ({} at offset {})", e.message, where, offset), e.code);
}

const char* section_name(int s) {
  static const char* const kNames[] = {"question", "answer", "authority", "additional"};
  return kNames[s];
}

Status read_opt(std::span<const uint8_t> wire, const Name& owner, uint16_t cls, uint32_t ttl,
                size_t rdata_at, size_t rdlen, Message& m) {
  // RFC 6891 §6.1.1: one OPT at most, in the additional section, owned by the root.
  if (m.edns) return Error("second OPT record", static_cast<int>(WireError::kBadOpt));
  if (!owner.is_root()) return Error("OPT owner not root", static_cast<int>(WireError::kBadOpt));
  Edns e;
  e.udp_size = cls;
  e.extended_rcode = static_cast<uint8_t>(ttl >> 24);
  e.version = static_cast<uint8_t>(ttl >> 16);
  e.dnssec_ok = (ttl & 0x8000) != 0;
  WireError err = WireError::kBadOpt;
  if (!parse_edns_options(wire.subspan(rdata_at, rdlen), e, err))
    return Error("malformed EDNS option", static_cast<int>(err));
  m.edns = std::move(e);
  return {};
}

Status read_rr(std::span<const uint8_t> wire, size_t& pos, int section, Message& m) {
  size_t start = pos;
  auto owner = read_name(wire, pos);
  if (!owner) return located(owner.error(), section_name(section), start);
  if (wire.size() - pos < 10) return located(wire_error(WireError::kTruncated), "RR", start);
  auto type = static_cast<RRType>(load16(wire, pos));
  uint16_t cls = load16(wire, pos + 2);
  uint32_t ttl = load32(wire, pos + 4);
  uint16_t rdlen = load16(wire, pos + 8);
  pos += 10;
  if (wire.size() - pos < rdlen) return located(wire_error(WireError::kTruncated), "rdata", pos);
  size_t rdata_at = pos;
  pos += rdlen;
  if (type == RRType::OPT) {
    if (section != 3)
      return located(Error("OPT outside additional", static_cast<int>(WireError::kBadOpt)),
                     section_name(section), start);
    Status s = read_opt(wire, *owner, cls, ttl, rdata_at, rdlen, m);
    if (!s) return located(s.error(), "OPT", start);
    return {};
  }
  ResourceRecord rr;
  rr.owner = std::move(*owner);
  rr.type = type;
  rr.cls = static_cast<RRClass>(cls);
  rr.ttl = ttl;
  Status s = rdata_from_message(type, wire, rdata_at, rdlen, rr.rdata);
  if (!s)
    return Error(fmt::format("bad rdata: {} ({} {} at offset {})", s.error().message,
                             section_name(section), to_string(type), start),
                 static_cast<int>(WireError::kBadRdata));
  auto& list = section == 1 ? m.answer : section == 2 ? m.authority : m.additional;
  list.push_back(std::move(rr));
  return {};
}

}  // namespace

const char* to_string(WireError e) {
  switch (e) {
    case WireError::kTruncated:
      return "truncated";
    case WireError::kCompressionLoop:
      return "pointer loop";
    case WireError::kBadPointer:
      return "bad pointer";
    case WireError::kLabelTooLong:
      return "label too long";
    case WireError::kNameTooLong:
      return "name too long";
    case WireError::kCountMismatch:
      return "count mismatch";
    case WireError::kBadRdata:
      return "bad rdata";
    case WireError::kBadOpt:
      return "bad OPT";
    case WireError::kTrailingData:
      return "trailing data";
    case WireError::kBadLabelType:
      return "bad label type";
  }
  return "wire error";
}

std::string to_string(Rcode r) {
  switch (r) {
    case Rcode::NOERROR:
      return "NOERROR";
    case Rcode::FORMERR:
      return "FORMERR";
    case Rcode::SERVFAIL:
      return "SERVFAIL";
    case Rcode::NXDOMAIN:
      return "NXDOMAIN";
    case Rcode::NOTIMP:
      return "NOTIMP";
    case Rcode::REFUSED:
      return "REFUSED";
    case Rcode::YXDOMAIN:
      return "YXDOMAIN";
    case Rcode::YXRRSET:
      return "YXRRSET";
    case Rcode::NXRRSET:
      return "NXRRSET";
    case Rcode::NOTAUTH:
      return "NOTAUTH";
    case Rcode::NOTZONE:
      return "NOTZONE";
    case Rcode::BADVERS:
      return "BADVERS";
    case Rcode::BADCOOKIE:
      return "BADCOOKIE";
  }
  return fmt::format("RCODE{}", static_cast<unsigned>(r));
}

std::string to_string(Opcode o) {
  switch (o) {
    case Opcode::QUERY:
      return "QUERY";
    case Opcode::IQUERY:
      return "IQUERY";
    case Opcode::STATUS:
      return "STATUS";
    case Opcode::NOTIFY:
      return "NOTIFY";
    case Opcode::UPDATE:
      return "UPDATE";
  }
  return fmt::format("OPCODE{}", static_cast<unsigned>(o));
}

Header read_header(const uint8_t* p) {
  Header h;
  h.id = static_cast<uint16_t>(p[0] << 8 | p[1]);
  h.qr = p[2] & 0x80;
  h.opcode = static_cast<Opcode>((p[2] >> 3) & 0xF);
  h.aa = p[2] & 0x04;
  h.tc = p[2] & 0x02;
  h.rd = p[2] & 0x01;
  h.ra = p[3] & 0x80;
  h.z = p[3] & 0x40;
  h.ad = p[3] & 0x20;
  h.cd = p[3] & 0x10;
  h.rcode = p[3] & 0x0F;
  return h;
}

namespace {

bool fail(WireError* err, WireError e) {
  *err = e;
  return false;
}

}  // namespace

bool read_name(std::span<const uint8_t> msg, size_t& pos, Name* out, WireError* err) {
  // One walk: each label is checked and its offset noted, and each run of labels between
  // pointers is copied once, straight into the Name.
  uint8_t* w = out->wire_.data();
  size_t n = 0, labels = 0;
  size_t p = pos;
  size_t run = pos;     // where the run of labels being read starts in msg
  size_t lowest = pos;  // every pointer must go strictly below what this name has read
  size_t end = 0;
  for (;;) {
    if (p >= msg.size()) return fail(err, WireError::kTruncated);
    uint8_t len = msg[p];
    if ((len & 0xC0) == 0xC0) {
      if (p + 1 >= msg.size()) return fail(err, WireError::kTruncated);
      size_t target = static_cast<size_t>(len & 0x3F) << 8 | msg[p + 1];
      if (end == 0) end = p + 2;
      if (target >= p) return fail(err, WireError::kBadPointer);
      if (target >= lowest) return fail(err, WireError::kCompressionLoop);
      std::memcpy(w + n - (p - run), &msg[run], p - run);
      lowest = p = run = target;
      continue;
    }
    if (len & 0xC0) return fail(err, WireError::kBadLabelType);
    // The label, and the root label still to come, must fit in 255 octets.
    if (n + 1 + len + (len ? 1 : 0) > Name::kMaxWire) return fail(err, WireError::kNameTooLong);
    if (msg.size() - p < 1u + len) return fail(err, WireError::kTruncated);
    if (len == 0) break;
    out->offs_[labels++] = static_cast<uint8_t>(n);
    n += 1u + len;
    p += 1u + len;
  }
  ++n;  // the root label
  std::memcpy(w + n - (p + 1 - run), &msg[run], p + 1 - run);
  out->size_ = static_cast<uint8_t>(n);
  out->labels_ = static_cast<uint8_t>(labels);
  pos = end ? end : p + 1;
  return true;
}

Result<Name> read_name(std::span<const uint8_t> msg, size_t& pos) {
  Name n;
  WireError err;
  if (!read_name(msg, pos, &n, &err)) return wire_error(err);
  return n;
}

Result<Message> Message::decode(std::span<const uint8_t> wire) {
  if (wire.size() < 12)
    return Error("message shorter than a header (12 octets)",
                 static_cast<int>(WireError::kTruncated));
  Message m;
  m.header = read_header(wire.data());
  size_t counts[4];
  for (int i = 0; i < 4; ++i) counts[i] = load16(wire, 4 + 2 * i);
  // A question takes at least 5 octets and an RR 11: refuse counts that cannot fit at once.
  size_t least = 12 + counts[0] * 5 + (counts[1] + counts[2] + counts[3]) * 11;
  if (least > wire.size())
    return Error(fmt::format("section counts {}/{}/{}/{} need at least {} octets, message has {}",
                             counts[0], counts[1], counts[2], counts[3], least, wire.size()),
                 static_cast<int>(WireError::kCountMismatch));
  size_t pos = 12;
  for (size_t i = 0; i < counts[0]; ++i) {
    size_t start = pos;
    auto name = read_name(wire, pos);
    if (!name) return located(name.error(), "question", start);
    if (wire.size() - pos < 4) return located(wire_error(WireError::kTruncated), "question", start);
    m.questions.push_back({std::move(*name), static_cast<RRType>(load16(wire, pos)),
                           static_cast<RRClass>(load16(wire, pos + 2))});
    pos += 4;
  }
  for (int s = 1; s <= 3; ++s) {
    for (size_t i = 0; i < counts[s]; ++i) {
      Status st = read_rr(wire, pos, s, m);
      if (!st) return st.error();
    }
  }
  if (pos != wire.size())
    return Error(fmt::format("{} octets after the last record", wire.size() - pos),
                 static_cast<int>(WireError::kTrailingData));
  return m;
}

Rcode Message::rcode() const {
  unsigned v = header.rcode & 0xF;
  if (edns) v |= static_cast<unsigned>(edns->extended_rcode) << 4;
  return static_cast<Rcode>(v);
}

void Message::set_rcode(Rcode r) {
  auto v = static_cast<unsigned>(r);
  header.rcode = static_cast<uint8_t>(v & 0xF);
  if (v > 0xF && !edns) edns.emplace();
  if (edns) edns->extended_rcode = static_cast<uint8_t>(v >> 4);
}

std::string ResourceRecord::to_text() const {
  std::string s;
  owner.append_text(s);
  s += fmt::format("\t{}\t{}\t{}\t", ttl, to_string(cls), to_string(type));
  rdata_to_text(type, rdata, s);
  return s;
}

namespace {

bool same_rrset(const ResourceRecord& a, const ResourceRecord& b) {
  return a.type == b.type && a.cls == b.cls && a.owner == b.owner;
}

// Adds one section RRset by RRset; false once an RRset did not fit (nothing of it written).
bool encode_section(MessageWriter& w, Section s, const std::vector<ResourceRecord>& rrs) {
  size_t i = 0;
  while (i < rrs.size()) {
    auto mark = w.mark();
    size_t j = i;
    for (; j < rrs.size() && same_rrset(rrs[i], rrs[j]); ++j) {
      const auto& rr = rrs[j];
      if (!w.add_rr(s, rr.owner, rr.type, rr.cls, rr.ttl, rr.rdata)) {
        w.rollback(mark);
        return false;
      }
    }
    i = j;
  }
  return true;
}

}  // namespace

std::vector<uint8_t> Message::encode(size_t max_size) const {
  size_t cap = std::clamp<size_t>(max_size, 12, 65535);
  std::vector<uint8_t> buf(cap);
  MessageWriter w(buf, cap);
  w.start(header);
  w.set_rcode(rcode());
  bool full = false;
  for (const auto& q : questions) {
    if (!w.add_question(q.name.wire(), q.type, q.cls)) {
      full = true;
      break;
    }
  }
  if (edns) w.reserve_opt(opt_rr_size(*edns));
  if (!full) {
    // RFC 2181 §9: TC only when data the answer needs is cut; extra data is simply dropped.
    if (!encode_section(w, Section::kAnswer, answer) ||
        !encode_section(w, Section::kAuthority, authority))
      full = true;
    else
      encode_section(w, Section::kAdditional, additional);
  }
  if (full) w.set_tc();
  if (edns) w.write_opt(*edns);
  buf.resize(w.finish());
  return buf;
}

}  // namespace canon
