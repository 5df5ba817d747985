// Message: a whole DNS message (RFC 1035 §4.1) with EDNS(0) (RFC 6891), decoded strictly.
//
//   Result<Message> m = Message::decode(packet);
//   if (!m) { /* m.error().code is a WireError */ }
//   std::vector<uint8_t> out = m->encode(1232);   // compressed, truncated at RRset boundaries
//
// The server's hot path does not build Message values: it uses parse_query() (query.h) and
// MessageWriter (writer.h). Message is for clients, the resolver, tests and tools.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "wire/name.h"
#include "wire/rrtype.h"

namespace canon {

enum class Opcode : uint8_t { QUERY = 0, IQUERY = 1, STATUS = 2, NOTIFY = 4, UPDATE = 5 };

// The full 12-bit rcode: values above 15 need EDNS (RFC 6891 §6.1.3).
enum class Rcode : uint16_t {
  NOERROR = 0,
  FORMERR = 1,
  SERVFAIL = 2,
  NXDOMAIN = 3,
  NOTIMP = 4,
  REFUSED = 5,
  YXDOMAIN = 6,
  YXRRSET = 7,
  NXRRSET = 8,
  NOTAUTH = 9,
  NOTZONE = 10,
  BADVERS = 16,
  BADCOOKIE = 23,
};
std::string to_string(Rcode r);
std::string to_string(Opcode o);

// Typed reasons for rejecting a message; carried in Error::code.
enum class WireError : int {
  kTruncated = 1,    // data ends before a field does
  kCompressionLoop,  // a pointer chain revisits an offset or runs too long
  kBadPointer,       // a pointer forward, to itself, or out of range
  kLabelTooLong,     // a label length octet over 63 that is not a pointer
  kNameTooLong,      // a name over 255 octets once decompressed
  kCountMismatch,    // section counts run past the end of the packet
  kBadRdata,         // rdata length does not match the type's schema
  kBadOpt,           // OPT not in additional, more than one OPT, or OPT owner not root
  kTrailingData,     // octets left after the last section
  kBadLabelType,     // label types 0x40 / 0x80 (RFC 6891 §5)
};
// Short names ("bad pointer"), short enough that an Error built from them does not allocate.
const char* to_string(WireError e);
inline Error wire_error(WireError e) {
  return Error(to_string(e), static_cast<int>(e));
}

struct Header {
  uint16_t id = 0;
  bool qr = false, aa = false, tc = false, rd = false, ra = false, z = false, ad = false,
       cd = false;
  Opcode opcode = Opcode::QUERY;
  uint8_t rcode = 0;  // the low four bits; the rest is in OPT
};

// read_header: the fields of the 12 header octets at `p` (the counts are read by the caller).
Header read_header(const uint8_t* p);

// read_name: reads the possibly compressed name at `pos` in the whole message `msg`, strictly
// (RFC 1035 §4.1.4): a pointer must point before itself and below every octet of the name read
// so far (so chains strictly descend and cannot loop), label types 0x40 and 0x80 are refused
// (RFC 6891 §5), and the name may not pass 255 octets. On success `pos` moves just past the
// name as it is written (after the first pointer, if any). Errors carry a WireError code and
// never allocate.
//
//   size_t pos = 12;
//   Result<Name> qname = read_name(packet, pos);   // pos is now at QTYPE
Result<Name> read_name(std::span<const uint8_t> msg, size_t& pos);
// The same into `*out`, for the query path: false with `*err` set on failure (`pos` is then
// unchanged and the name unspecified), and no Result to copy the name out of on success.
bool read_name(std::span<const uint8_t> msg, size_t& pos, Name* out, WireError* err);

// "qr aa rd": the set header flags, as dig lists them.
std::string flags_text(const Header& h);

struct Question {
  Name name;
  RRType type = RRType::A;
  RRClass cls = RRClass::IN;
};

struct ResourceRecord {
  Name owner;
  RRType type = RRType::A;
  RRClass cls = RRClass::IN;
  uint32_t ttl = 0;
  std::vector<uint8_t> rdata;  // uncompressed

  // "owner TTL class type rdata", as dig prints it.
  std::string to_text() const;
};

enum class EdnsCode : uint16_t {
  kClientSubnet = 8,    // RFC 7871
  kCookie = 10,         // RFC 7873
  kExtendedError = 15,  // RFC 8914
  kPadding = 12,        // RFC 7830
};

struct ClientSubnet {   // RFC 7871 §6
  uint16_t family = 1;  // 1 = IPv4, 2 = IPv6
  uint8_t source_prefix = 0;
  uint8_t scope_prefix = 0;
  std::array<uint8_t, 16> address{};  // zero-padded
};

struct Cookie {  // RFC 7873 §4
  std::array<uint8_t, 8> client{};
  std::vector<uint8_t> server;  // empty, or 8 to 32 octets
};

struct ExtendedError {  // RFC 8914 §2
  uint16_t info_code = 0;
  std::string extra_text;
};

struct EdnsOption {
  uint16_t code = 0;
  std::vector<uint8_t> data;
};

struct Edns {
  uint16_t udp_size = 1232;
  uint8_t extended_rcode = 0;  // the upper 8 bits of the 12-bit rcode
  uint8_t version = 0;
  bool dnssec_ok = false;
  std::optional<ClientSubnet> client_subnet;
  std::optional<Cookie> cookie;
  std::vector<ExtendedError> errors;
  std::vector<EdnsOption> other_options;  // options not parsed above, kept as they came
};

struct Message {
  Header header;
  std::vector<Question> questions;
  std::vector<ResourceRecord> answer, authority, additional;  // OPT is not in additional
  std::optional<Edns> edns;

  Rcode rcode() const;      // combines header and OPT bits
  void set_rcode(Rcode r);  // splits into header and OPT (adding OPT when needed)

  // Strict decoding: every rejection is an Error whose code is a WireError.
  static Result<Message> decode(std::span<const uint8_t> wire);
  // Encodes with name compression. Stops at the first RRset that does not fit in `max_size`
  // and sets TC when that RRset was in the answer or authority section; additional RRsets that
  // do not fit are dropped silently (RFC 2181 §9).
  std::vector<uint8_t> encode(size_t max_size = 65535) const;
  // dig-like presentation: header line, flags, OPT pseudo-section, sections.
  std::string to_text() const;
};

}  // namespace canon
