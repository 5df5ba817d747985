// The arguments of `canon query`, read the way dig reads them: `@SERVER`, `+option`s, and a
// NAME, TYPE and CLASS in any order (a word that is a type or class mnemonic is taken as one
// the first time it appears, as dig does).
//
//   QueryArgs a;
//   Status s = parse_query_words({"@127.0.0.1", "bücher.example", "MX", "+tcp"}, a);
//   // a.server == "127.0.0.1", a.name == xn--bcher-kva.example., a.type == MX, a.tcp
//
// Every mistake is a usage error whose message names the word at fault.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "wire/name.h"
#include "wire/rrtype.h"

namespace canon::cli {

enum class ColorMode { kAuto, kAlways, kNever };

struct QueryArgs {
  std::string server;  // "@SERVER" without the '@'; empty: first resolv.conf nameserver
  uint16_t port = 53;
  std::string name_text;  // NAME as typed (maybe Unicode)
  Name name;              // NAME in wire form (A-labels)
  bool have_name = false;
  RRType type = RRType::A;
  bool have_type = false;
  RRClass cls = RRClass::IN;
  bool have_class = false;

  bool tcp = false;                    // +tcp / +vc
  bool ignore_tc = false;              // +ignore: no TCP retry after a truncated UDP answer
  bool rd = true;                      // +rec / +norec
  bool cd = false;                     // +cdflag
  bool ad = false;                     // +adflag
  bool edns = true;                    // +edns / +noedns
  bool dnssec = false;                 // +dnssec: the DO bit
  uint16_t bufsize = 1232;             // +bufsize=N
  int timeout_s = 2;                   // +time=N, per try
  int tries = 2;                       // +tries=N (UDP)
  bool json = false;                   // +json
  bool short_form = false;             // +short
  bool idn_out = true;                 // +idnout / +noidnout
  ColorMode color = ColorMode::kAuto;  // +color / +nocolor
};

// Applies one `+option` (without the '+'), e.g. "bufsize=4096" or "norec".
Status apply_plus_option(std::string_view option, QueryArgs& a);

// Reads the words of the command line that are not -p/-t/-c/-x flags.
Status parse_query_words(const std::vector<std::string>& words, QueryArgs& a);

// -t TYPE, -c CLASS: set the type or class, or fail with a usage message.
Status set_query_type(std::string_view text, QueryArgs& a);
Status set_query_class(std::string_view text, QueryArgs& a);
// NAME: converts U-labels to A-labels and completes a relative name at the root.
Status set_query_name(std::string_view text, QueryArgs& a);
// -x ADDR: the in-addr.arpa./ip6.arpa. name of an address, type PTR (RFC 1035 §3.5,
// RFC 3596 §2.5).
Status set_reverse_name(std::string_view address, QueryArgs& a);

// The first `nameserver` of a resolv.conf text; nullopt when there is none.
std::optional<std::string> first_nameserver(std::string_view resolv_conf);

}  // namespace canon::cli
