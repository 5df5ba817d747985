// RdataSchema: the one table that says, for every known record type, its mnemonic and the list
// of fields its rdata is made of. rdata_from_text, rdata_to_text, rdata_validate,
// rdata_from_message, rdata_for_each_name and the JSON form all walk this list.
//
//   const TypeInfo* t = find_type(RRType::MX);   // {15, "MX", {Field::U16, Field::NameC}}
//   const TypeInfo* u = find_type("mx");         // same entry; mnemonics ignore case
//
// A type with a mnemonic but an empty field list (OPT, TSIG, NULL, ...) is known by name only:
// its rdata is read and written in RFC 3597 generic form.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "wire/rrtype.h"

namespace canon {

// The kinds of rdata field. Kinds marked "rest" take everything up to the end of the rdata and
// must come last.
enum class Field : uint8_t {
  End = 0,      // terminates a field list
  NameC,        // domain name a writer may compress (RFC 1035 types, RFC 3597 §4)
  NameD,        // domain name a reader must decompress but a writer must not compress
  Name,         // domain name never compressed
  U8,           // decimal 0..255
  U16,          // decimal 0..65535
  U32,          // decimal 0..4294967295
  Period,       // U32 that also accepts TTL units (SOA timers: "1h", "2w")
  Type,         // 16-bit type as a mnemonic or TYPEnnn (RRSIG type covered)
  Algorithm,    // DNSSEC algorithm octet, number or mnemonic (RFC 4034 App. A.1)
  Time,         // RRSIG time: YYYYMMDDHHmmSS or a plain integer (RFC 4034 §3.2)
  IPv4,         // 4 octets, dotted quad
  IPv6,         // 16 octets, RFC 4291 text
  Str,          // one character-string (RFC 1035 §3.3)
  StrOpt,       // an optional trailing character-string (ISDN subaddress)
  Strs,         // rest: one or more character-strings (TXT, SPF)
  Base64,       // rest: base64, may be split in several tokens; at least one octet
  Hex,          // rest: hex, may be split in several tokens; at least one octet
  Salt,         // hex with a length octet, "-" for empty (NSEC3, NSEC3PARAM salt)
  Hash32,       // base32hex with a length octet (NSEC3 next hashed owner)
  Bitmap,       // rest: NSEC type bitmap (RFC 4034 §4.1.2), may be empty
  NxtBitmap,    // rest: NXT type bitmap (RFC 2535 §5.2), types below 128
  CaaTag,       // character-string printed bare; letters and digits only (RFC 8659 §4.1)
  Raw,          // rest: octets printed as one quoted string, any length (CAA value, URI)
  Nsap,         // rest: "0x" hex with optional dots (RFC 1706 §5)
  Eui48,        // xx-xx-xx-xx-xx-xx (RFC 7043)
  Eui64,        // xx-xx-xx-xx-xx-xx-xx-xx (RFC 7043)
  Ilnp64,       // 64 bits as four 16-bit hex groups with colons (RFC 6742)
  CertType,     // CERT type: number or mnemonic (RFC 4398 §2.1)
  WksProto,     // WKS protocol octet: number, "tcp" or "udp"
  WksBitmap,    // rest: WKS port bitmap written as port numbers (RFC 1035 §3.4.2)
  Gateway,      // IPSECKEY gateway, its form given by the gateway type octet (RFC 4025)
  AmtType,      // AMTRELAY D-bit and relay type: two tokens, one octet (RFC 8777)
  AmtRelay,     // AMTRELAY relay, its form given by the relay type
  Hip,          // rest: the whole HIP rdata: HIT, algorithm, key, servers (RFC 8005 §5)
  Atma,         // rest: ATMA address, AESA hex or E.164 "+digits" (ATM Forum AF-DANS-0152)
  Loc,          // rest: LOC (RFC 1876)
  Apl,          // rest: APL items (RFC 3123)
  SvcParams,    // rest: SVCB/HTTPS SvcParams (RFC 9460 §2.1)
  A6,           // rest: prefix length, address suffix, prefix name (RFC 2874 §3.1)
  DsyncScheme,  // DSYNC scheme octet: number or mnemonic (RFC 9859 §2.1)
};

inline constexpr size_t kMaxFields = 10;  // SIG and RRSIG have 9

struct TypeInfo {
  uint16_t code = 0;
  std::string_view mnemonic;
  std::array<Field, kMaxFields> fields{};
  bool has_schema() const { return fields[0] != Field::End; }
};

// The entry for a type code, or nullptr when the type has no mnemonic.
const TypeInfo* find_type(RRType t);
// The entry for a mnemonic in any case (not TYPEnnn), or nullptr.
const TypeInfo* find_type(std::string_view mnemonic);

// True for the kinds that hold a domain name.
inline bool is_name_field(Field f) {
  return f == Field::NameC || f == Field::NameD || f == Field::Name;
}

}  // namespace canon
