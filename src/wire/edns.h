// EDNS(0) option codec (RFC 6891 §6.1.2): reads and writes the options the Edns struct holds.
// Shared by Message (decode/encode), parse_query and MessageWriter::write_opt.
//
//   Edns e;
//   WireError err;
//   if (!parse_edns_options(opt_rdata, e, err)) return FORMERR;
//   size_t n = edns_options_size(e);   // octets write_edns_options will produce
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "wire/message.h"

namespace canon {

// Reads the option list of an OPT rdata into `e` (client subnet, cookie, EDEs; anything else
// into other_options, padding included). Rejects, with kBadOpt: an option running past the
// rdata, a malformed client subnet (RFC 7871 §7.1.1: unknown family, prefix too long, address
// longer or shorter than the prefix needs, bits set past the prefix), a cookie of a bad length
// (RFC 7873 §5.2.2), an EDE shorter than its info code, and a second subnet or cookie option.
bool parse_edns_options(std::span<const uint8_t> rdata, Edns& e, WireError& err);

// Validates one client subnet option body and fills `out`.
bool parse_client_subnet(std::span<const uint8_t> data, ClientSubnet& out);
// True when `len` is a legal cookie option length: 8, or 16 to 40 (RFC 7873 §4).
inline bool valid_cookie_length(size_t len) {
  return len == 8 || (len >= 16 && len <= 40);
}

// Octets the options of `e` take in an OPT rdata.
size_t edns_options_size(const Edns& e);
// Writes the options of `e` at `out` (which has edns_options_size(e) octets); returns the count.
size_t write_edns_options(const Edns& e, uint8_t* out);
// Octets of a whole OPT RR carrying `e`: root owner, fixed fields and options.
inline size_t opt_rr_size(const Edns& e) {
  return 11 + edns_options_size(e);
}

// ede_name: "Stale Answer" for 3, the RFC 8914 §5.2 (and IANA registry) name of an info code,
// or "" when unassigned.
const char* ede_name(uint16_t info_code);

// Marks around the parts of the OPT pseudo-section a reader should see first; empty for plain
// text, terminal colours for `canon query` on a terminal.
struct EdnsTextMarks {
  const char* heading = "";
  const char* alert = "";  // Extended DNS Errors: they say why an answer failed
  const char* reset = "";
};
// Appends dig's ";; OPT PSEUDOSECTION:" lines for e.
void append_edns_text(const Edns& e, std::string& out, const EdnsTextMarks& marks = {});

// "192.0.2.0/24/0", the way dig shows a client subnet.
std::string to_string(const ClientSubnet& cs);

}  // namespace canon
