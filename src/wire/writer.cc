// MessageWriter: response writing with RFC 1035 §4.1.4 compression, for the server's hot path.
#include "wire/writer.h"

#include <algorithm>
#include <cstring>

#include "wire/edns.h"
#include "wire/octets.h"

namespace canon {

namespace {

// Length of the uncompressed name at `off` in `d`, or 0 when it is malformed or runs past `d`.
size_t name_len(std::span<const uint8_t> d, size_t off) {
  size_t p = off;
  while (p < d.size()) {
    uint8_t len = d[p];
    if (len == 0) return p + 1 - off;
    if (len > Name::kMaxLabel || p + 1 + len - off >= Name::kMaxWire) return 0;
    p += 1u + len;
  }
  return 0;
}

// FNV-1a over one label (length octet included), chained onto the hash of the labels after it,
// so that each suffix of a name hashes from its own octets alone.
uint32_t hash_label(uint32_t h, const uint8_t* label) {
  for (size_t i = 0; i <= label[0]; ++i) h = (h ^ label[i]) * 16777619u;
  return h;
}

constexpr uint32_t kRootHash = 2166136261u;

}  // namespace

MessageWriter::MessageWriter(std::span<uint8_t> buf, size_t cap)
    : buf_(buf), cap_(std::min(cap, buf.size())) {}

bool MessageWriter::start(const Header& h) {
  pos_ = 0;
  ncomp_ = 0;
  qdcount_ = 0;
  q_size_ = 0;
  q_pending_ = false;
  counts_[0] = counts_[1] = counts_[2] = 0;
  if (cap_ < 12) return false;
  uint8_t* p = buf_.data();
  store16(p, h.id);
  p[2] = static_cast<uint8_t>(h.qr << 7 | (static_cast<unsigned>(h.opcode) & 0xF) << 3 | h.aa << 2 |
                              h.tc << 1 | h.rd);
  p[3] = static_cast<uint8_t>(h.ra << 7 | h.z << 6 | h.ad << 5 | h.cd << 4 | (h.rcode & 0xF));
  std::memset(p + 4, 0, 8);
  rcode_ = static_cast<Rcode>(h.rcode & 0xF);
  pos_ = 12;
  return true;
}

bool MessageWriter::start(const Header& h, std::span<const uint8_t> qname_wire, RRType qtype,
                          RRClass qclass) {
  return start(h) && add_question(qname_wire, qtype, qclass);
}

// The first question is copied as it is, with no compression entries yet: most answers only
// point at the whole of it (write_name's first test), and the entries of its suffixes are made
// when a name first needs them (note_question).
bool MessageWriter::add_question(std::span<const uint8_t> qname, RRType qtype, RRClass qclass) {
  if (pos_ != 12 || qdcount_ != 0) return add_question_compressed(qname, qtype, qclass);
  size_t n = name_len(qname, 0);
  if (n == 0 || pos_ + n + 4 > limit()) return false;
  std::memcpy(&buf_[pos_], qname.data(), n);
  store16(&buf_[pos_ + n], static_cast<uint16_t>(qtype));
  store16(&buf_[pos_ + n + 2], static_cast<uint16_t>(qclass));
  pos_ += n + 4;
  q_size_ = static_cast<uint16_t>(n);
  q_pending_ = n > 1;  // the root has no label to point at
  ++qdcount_;
  return true;
}

bool MessageWriter::add_question_compressed(std::span<const uint8_t> qname, RRType qtype,
                                            RRClass qclass) {
  note_question();
  size_t at = pos_, nc = ncomp_;
  if (pos_ < 12 || !write_name(qname, limit()) || pos_ + 4 > limit()) {
    pos_ = at;
    set_ncomp(nc);
    return false;
  }
  store16(&buf_[pos_], static_cast<uint16_t>(qtype));
  store16(&buf_[pos_ + 2], static_cast<uint16_t>(qclass));
  pos_ += 4;
  ++qdcount_;
  return true;
}

// The compression entries of the first question's suffixes, as write_name would have made them
// when the question was written: first in the list, where nothing else is yet (every name
// written since pointed at the whole question).
void MessageWriter::note_question() {
  if (!q_pending_) return;
  q_pending_ = false;
  const uint8_t* name = &buf_[12];
  uint8_t offs[Name::kMaxLabels + 1];
  size_t k = 0;
  for (size_t p = 0; name[p] != 0; p += name[p] + 1u) offs[k++] = static_cast<uint8_t>(p);
  uint32_t h = kRootHash;
  for (size_t i = k; i-- > 0;) {
    h = hash_label(h, &name[offs[i]]);
    comp_[i] = {h, static_cast<uint16_t>(12 + offs[i]), static_cast<uint8_t>(k - i)};
  }
  ncomp_ = k;
  q_entries_ = k;
}

// Forgets the compression entries from `n` on; the question's, when they go, become pending
// again (they were made after the point rolled back to, and nothing else is in the list then).
void MessageWriter::set_ncomp(size_t n) {
  ncomp_ = n;
  if (q_entries_ != 0 && n < q_entries_) {
    ncomp_ = 0;
    q_entries_ = 0;
    q_pending_ = true;
  }
}

void MessageWriter::reserve_opt(size_t opt_size) {
  reserved_ += opt_size;
}

bool MessageWriter::write_raw(const uint8_t* p, size_t n, size_t lim) {
  if (pos_ + n > lim) return false;
  if (n) std::memcpy(&buf_[pos_], p, n);
  pos_ += n;
  return true;
}

// True when the suffix of `name` starting at `from` equals, octet for octet, the name written
// at `off` (following the pointers written there, which the writer itself made).
bool MessageWriter::suffix_at(std::span<const uint8_t> name, size_t from, size_t off) const {
  const uint8_t* b = buf_.data();
  for (;;) {
    while ((b[off] & 0xC0) == 0xC0) off = (b[off] & 0x3Fu) << 8 | b[off + 1];
    uint8_t len = name[from];
    if (len != b[off]) return false;
    if (len == 0) return true;
    if (std::memcmp(&name[from + 1], b + off + 1, len) != 0) return false;
    from += 1u + len;
    off += 1u + len;
  }
}

bool MessageWriter::write_name(std::span<const uint8_t> name, size_t lim) {
  // The question's name again (the owner of most answers): a pointer to it, with nothing to
  // hash or search (the longest suffix already written is the whole question).
  if (q_size_ > 1 && name.size() == q_size_ && std::memcmp(name.data(), &buf_[12], q_size_) == 0) {
    if (pos_ + 2 > lim) return false;
    store16(&buf_[pos_], static_cast<uint16_t>(0xC000 | 12));
    pos_ += 2;
    return true;
  }
  note_question();
  uint8_t offs[Name::kMaxLabels + 1];
  uint32_t hashes[Name::kMaxLabels + 1];
  size_t k = 0;
  // Callers pass validated names; the bounds here only keep a bad one from overrunning.
  for (size_t p = 0;; p += name[p] + 1u) {
    if (p >= name.size() || p >= Name::kMaxWire || k > Name::kMaxLabels) return false;
    if (name[p] == 0) {
      name = name.first(p + 1);
      break;
    }
    offs[k++] = static_cast<uint8_t>(p);
  }
  hashes[k] = kRootHash;
  for (size_t i = k; i-- > 0;) hashes[i] = hash_label(hashes[i + 1], &name[offs[i]]);
  // The longest suffix already written: one pass over the targets, hashes first.
  size_t best = 0, best_off = 0;
  for (size_t e = 0; e < ncomp_ && best < k; ++e) {
    const CompEntry& c = comp_[e];
    if (c.labels <= best || c.labels > k || c.hash != hashes[k - c.labels]) continue;
    if (!suffix_at(name, offs[k - c.labels], c.off)) continue;
    best = c.labels;
    best_off = c.off;
  }
  size_t literal = best ? offs[k - best] : name.size();
  if (pos_ + literal + (best ? 2 : 0) > lim) return false;
  std::memcpy(&buf_[pos_], name.data(), literal);
  for (size_t i = 0; i < k - best && ncomp_ < kMaxCompress; ++i) {
    size_t at = pos_ + offs[i];
    if (at >= 0x4000) break;  // beyond what a 14-bit pointer can reach
    comp_[ncomp_++] = {hashes[i], static_cast<uint16_t>(at), static_cast<uint8_t>(k - i)};
  }
  pos_ += literal;
  if (best) {
    store16(&buf_[pos_], static_cast<uint16_t>(0xC000 | best_off));
    pos_ += 2;
  }
  return true;
}

// Writes rdata, compressing the names of the RFC 1035 types, the only ones a writer may
// compress (RFC 3597 §4). Rdata that does not have the expected shape is copied as it is.
bool MessageWriter::write_rdata(RRType type, std::span<const uint8_t> rd, size_t lim) {
  switch (type) {
    case RRType::NS:
    case RRType::MD:
    case RRType::MF:
    case RRType::CNAME:
    case RRType::MB:
    case RRType::MG:
    case RRType::MR:
    case RRType::PTR:
      if (name_len(rd, 0) == rd.size()) return write_name(rd, lim);
      break;
    case RRType::MX:
      if (rd.size() > 2 && name_len(rd, 2) == rd.size() - 2)
        return write_raw(rd.data(), 2, lim) && write_name(rd.subspan(2), lim);
      break;
    case RRType::SOA:
    case RRType::MINFO: {
      size_t n1 = name_len(rd, 0);
      size_t n2 = n1 ? name_len(rd, n1) : 0;
      size_t tail = type == RRType::SOA ? 20 : 0;
      if (n1 && n2 && n1 + n2 + tail == rd.size())
        return write_name(rd.first(n1), lim) && write_name(rd.subspan(n1, n2), lim) &&
               write_raw(rd.data() + n1 + n2, tail, lim);
      break;
    }
    default:
      break;
  }
  return write_raw(rd.data(), rd.size(), lim);
}

bool MessageWriter::write_rr(Section s, std::span<const uint8_t> owner, RRType type, RRClass cls,
                             uint32_t ttl, std::span<const uint8_t> rdata) {
  size_t lim = limit();
  if (pos_ < 12 || counts_[static_cast<int>(s)] == 0xFFFF) return false;
  if (!write_name(owner, lim) || pos_ + 10 > lim) return false;
  uint8_t* p = &buf_[pos_];
  store16(p, static_cast<uint16_t>(type));
  store16(p + 2, static_cast<uint16_t>(cls));
  store32(p + 4, ttl);
  size_t rd_at = pos_ + 10;
  pos_ = rd_at;
  if (!write_rdata(type, rdata, lim) || pos_ - rd_at > 0xFFFF) return false;
  store16(p + 8, static_cast<uint16_t>(pos_ - rd_at));
  ++counts_[static_cast<int>(s)];
  return true;
}

bool MessageWriter::add_rr(Section s, std::span<const uint8_t> owner, RRType type, RRClass cls,
                           uint32_t ttl, std::span<const uint8_t> rdata) {
  size_t at = pos_, nc = ncomp_;
  if (write_rr(s, owner, type, cls, ttl, rdata)) return true;
  pos_ = at;
  set_ncomp(nc);
  return false;
}

bool MessageWriter::add_rrs(Section s, std::span<const uint8_t> owner, RRType type, RRClass cls,
                            uint32_t ttl, const uint8_t* rdata, size_t size, size_t count) {
  int sec = static_cast<int>(s);
  if (pos_ < 12 || counts_[sec] + count > 0xFFFF || size > 0xFFFF) return false;
  size_t at = pos_, nc = ncomp_, lim = limit();
  // The owner as write_name() gives it, for the first record and the second; from the second
  // on it is the same pointer every time (nothing new to compress against), so it is copied.
  size_t again_at = 0, again_size = 0;
  for (size_t i = 0; i < count; ++i) {
    size_t start = pos_;
    bool ok = i < 2 ? write_name(owner, lim) : write_raw(&buf_[again_at], again_size, lim);
    if (i == 1) {
      again_at = start;
      again_size = pos_ - start;
    }
    if (!ok || pos_ + 10 + size > lim) {
      pos_ = at;
      set_ncomp(nc);
      return false;
    }
    uint8_t* p = &buf_[pos_];
    store16(p, static_cast<uint16_t>(type));
    store16(p + 2, static_cast<uint16_t>(cls));
    store32(p + 4, ttl);
    store16(p + 8, static_cast<uint16_t>(size));
    std::memcpy(p + 10, rdata + i * size, size);
    pos_ += 10 + size;
  }
  counts_[sec] = static_cast<uint16_t>(counts_[sec] + count);
  return true;
}

MessageWriter::Mark MessageWriter::mark() const {
  return {pos_, {counts_[0], counts_[1], counts_[2]}, ncomp_};
}

void MessageWriter::rollback(const Mark& m) {
  pos_ = m.pos;
  for (int i = 0; i < 3; ++i) counts_[i] = m.counts[i];
  set_ncomp(m.ncomp);
}

void MessageWriter::set_tc() {
  if (pos_ >= 12) buf_[2] |= 0x02;
}

void MessageWriter::set_aa(bool aa) {
  if (pos_ >= 12) buf_[2] = static_cast<uint8_t>(aa ? buf_[2] | 0x04 : buf_[2] & ~0x04);
}

void MessageWriter::set_rcode(Rcode r) {
  rcode_ = r;
  if (pos_ >= 12)
    buf_[3] = static_cast<uint8_t>((buf_[3] & 0xF0) | (static_cast<unsigned>(r) & 0xF));
}

bool MessageWriter::write_opt(const Edns& edns) {
  reserved_ = 0;
  size_t opts = edns_options_size(edns);
  if (pos_ < 12 || pos_ + 11 + opts > cap_ || opts > 0xFFFF) return false;
  uint8_t* p = &buf_[pos_];
  p[0] = 0;  // RFC 6891 §6.1.2: the root owns OPT
  store16(p + 1, static_cast<uint16_t>(RRType::OPT));
  store16(p + 3, edns.udp_size);
  uint32_t ttl = (static_cast<uint32_t>(rcode_) >> 4) << 24 | uint32_t{edns.version} << 16 |
                 (edns.dnssec_ok ? 0x8000u : 0u);
  store32(p + 5, ttl);
  store16(p + 9, static_cast<uint16_t>(opts));
  write_edns_options(edns, p + 11);
  pos_ += 11 + opts;
  ++counts_[static_cast<int>(Section::kAdditional)];
  return true;
}

bool MessageWriter::write_opt(uint16_t udp_size, bool dnssec_ok) {
  reserved_ = 0;
  if (pos_ < 12 || pos_ + 11 > cap_) return false;
  uint8_t* p = &buf_[pos_];
  p[0] = 0;  // RFC 6891 §6.1.2: the root owns OPT
  store16(p + 1, static_cast<uint16_t>(RRType::OPT));
  store16(p + 3, udp_size);
  store32(p + 5, (static_cast<uint32_t>(rcode_) >> 4) << 24 | (dnssec_ok ? 0x8000u : 0u));
  store16(p + 9, 0);
  pos_ += 11;
  ++counts_[static_cast<int>(Section::kAdditional)];
  return true;
}

size_t MessageWriter::finish() {
  if (pos_ < 12) return 0;
  store16(&buf_[4], qdcount_);
  for (int i = 0; i < 3; ++i) store16(&buf_[6 + 2 * i], counts_[i]);
  return pos_;
}

}  // namespace canon
