// RRType and RRClass: every 16-bit value is legal. Known types have a mnemonic and a schema in
// one constexpr table (src/wire/rdata_schema.h); unknown ones print as TYPEnnn (RFC 3597 §5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace canon {

enum class RRType : uint16_t {
  A = 1, NS = 2, MD = 3, MF = 4, CNAME = 5, SOA = 6, MB = 7, MG = 8, MR = 9, NULL_ = 10,
  WKS = 11, PTR = 12, HINFO = 13, MINFO = 14, MX = 15, TXT = 16, RP = 17, AFSDB = 18, X25 = 19,
  ISDN = 20, RT = 21, NSAP = 22, NSAP_PTR = 23, SIG = 24, KEY = 25, PX = 26, GPOS = 27,
  AAAA = 28, LOC = 29, NXT = 30, EID = 31, NIMLOC = 32, SRV = 33, ATMA = 34, NAPTR = 35,
  KX = 36, CERT = 37, A6 = 38, DNAME = 39, SINK = 40, OPT = 41, APL = 42, DS = 43, SSHFP = 44,
  IPSECKEY = 45, RRSIG = 46, NSEC = 47, DNSKEY = 48, DHCID = 49, NSEC3 = 50, NSEC3PARAM = 51,
  TLSA = 52, SMIMEA = 53, HIP = 55, NINFO = 56, RKEY = 57, TALINK = 58, CDS = 59,
  CDNSKEY = 60, OPENPGPKEY = 61, CSYNC = 62, ZONEMD = 63, SVCB = 64, HTTPS = 65, SPF = 99,
  NID = 104, L32 = 105, L64 = 106, LP = 107, EUI48 = 108, EUI64 = 109, TKEY = 249,
  TSIG = 250, IXFR = 251, AXFR = 252, MAILB = 253, MAILA = 254, ANY = 255, URI = 256,
  CAA = 257, AVC = 258, DOA = 259, AMTRELAY = 260, TA = 32768, DLV = 32769,
  // PowerDNS's code for ALIAS (apex flattening); its rdata is one uncompressed name.
  ALIAS = 65401,
};

enum class RRClass : uint16_t { IN = 1, CH = 3, HS = 4, NONE = 254, ANY = 255 };

// "A", "MX", or "TYPE65000" for a type with no mnemonic.
std::string to_string(RRType t);
// Accepts mnemonics in any case and TYPEnnn; nullopt for anything else.
std::optional<RRType> rrtype_from_string(std::string_view s);

// "IN", "CH", or "CLASS300".
std::string to_string(RRClass c);
std::optional<RRClass> rrclass_from_string(std::string_view s);

// Meta and question-only types (RFC 6895 §3.1): never stored in a zone.
inline bool is_meta_type(RRType t) {
  auto v = static_cast<uint16_t>(t);
  return v == 41 || (v >= 128 && v <= 255);
}

}  // namespace canon
