// parse_query: the server's reading of a query, with no heap allocation on success or failure
// (error texts are short enough for the string's inline buffer).
#include "wire/query.h"

#include "wire/edns.h"
#include "wire/octets.h"

namespace canon {

namespace {

// Walks the OPT options, keeping what the responder needs; any malformed one is a FORMERR.
bool read_query_options(std::span<const uint8_t> rd, Query& q) {
  size_t pos = 0;
  while (pos < rd.size()) {
    if (rd.size() - pos < 4) return false;
    uint16_t code = load16(rd, pos);
    uint16_t len = load16(rd, pos + 2);
    pos += 4;
    if (rd.size() - pos < len) return false;
    auto data = rd.subspan(pos, len);
    pos += len;
    if (code == static_cast<uint16_t>(EdnsCode::kClientSubnet)) {
      ClientSubnet cs;
      if (q.client_subnet || !parse_client_subnet(data, cs)) return false;
      q.client_subnet = cs;
    } else if (code == static_cast<uint16_t>(EdnsCode::kCookie)) {
      if (q.has_cookie || !valid_cookie_length(len)) return false;
      q.has_cookie = true;
    }
  }
  return true;
}

bool fail(WireError* err, WireError e) {
  *err = e;
  return false;
}

// Reads one RR strictly; an OPT is accepted only in the additional section, only once, only
// owned by the root (RFC 6891 §6.1.1).
bool read_query_rr(std::span<const uint8_t> wire, size_t& pos, bool additional, Query& q,
                   WireError* err) {
  Name owner;
  if (!read_name(wire, pos, &owner, err)) return false;
  if (wire.size() - pos < 10) return fail(err, WireError::kTruncated);
  auto type = static_cast<RRType>(load16(wire, pos));
  uint16_t cls = load16(wire, pos + 2);
  uint16_t rdlen = load16(wire, pos + 8);
  size_t rd_at = pos + 10;
  if (wire.size() - rd_at < rdlen) return fail(err, WireError::kTruncated);
  pos = rd_at + rdlen;
  if (type != RRType::OPT) return true;
  if (!additional || q.has_edns || !owner.is_root()) return fail(err, WireError::kBadOpt);
  q.has_edns = true;
  q.udp_size = cls;
  q.edns_version = wire[rd_at - 5];
  q.dnssec_ok = (wire[rd_at - 4] & 0x80) != 0;
  if (!read_query_options(wire.subspan(rd_at, rdlen), q)) return fail(err, WireError::kBadOpt);
  return true;
}

}  // namespace

bool parse_query(std::span<const uint8_t> wire, Query* out, WireError* err, Header* header_out) {
  if (wire.size() < 12) return fail(err, WireError::kTruncated);
  Query& q = *out;
  q.header = read_header(wire.data());
  if (header_out) *header_out = q.header;
  q.qdcount = load16(wire, 4);
  q.ancount = load16(wire, 6);
  q.nscount = load16(wire, 8);
  q.arcount = load16(wire, 10);
  size_t rrs = size_t{q.ancount} + q.nscount + q.arcount;
  if (12 + size_t{q.qdcount} * 5 + rrs * 11 > wire.size())
    return fail(err, WireError::kCountMismatch);
  size_t pos = 12;
  for (size_t i = 0; i < q.qdcount; ++i) {
    Name other;  // questions after the first are checked, not kept
    if (!read_name(wire, pos, i == 0 ? &q.qname : &other, err)) return false;
    if (wire.size() - pos < 4) return fail(err, WireError::kTruncated);
    if (i == 0) {
      q.qtype = static_cast<RRType>(load16(wire, pos));
      q.qclass = static_cast<RRClass>(load16(wire, pos + 2));
    }
    pos += 4;
  }
  for (size_t i = 0; i < rrs; ++i) {
    if (!read_query_rr(wire, pos, i >= size_t{q.ancount} + q.nscount, q, err)) return false;
  }
  if (pos != wire.size()) return fail(err, WireError::kTrailingData);
  return true;
}

Result<Query> parse_query(std::span<const uint8_t> wire, Header* header_out) {
  Query q;
  WireError err;
  if (!parse_query(wire, &q, &err, header_out)) return wire_error(err);
  return q;
}

}  // namespace canon
