// classify(): what one server's response says about (qname, qtype), asked of a server of
// `zone`. Fills the Response's kind, records, TTL, referral and alias target, and marks lame
// servers: REFUSED, or a non-authoritative response that does not refer further down
// (RFC 1034 §4.3.1 / RFC 8499 "lame delegation").
#pragma once

#include <optional>
#include <vector>

#include "cli/trace_model.h"
#include "wire/message.h"
#include "wire/name.h"

namespace canon::cli::trace {

struct Glue {
  Name ns;
  std::string address;  // presentation form
};

struct Classified {
  Response response;
  std::optional<Name> referral_zone;
  std::vector<Name> referral_ns;
  std::vector<Glue> glue;
  std::optional<Name> target;          // CNAME/DNAME: the next name
  std::vector<std::string> addresses;  // kAnswer: A/AAAA rdata
};

Classified classify(const Message& m, const Name& qname, RRType qtype, const Name& zone);

// Follows the answer section of one response from qname along CNAME/DNAME records, as a stub
// sees a resolver's answer. `chain` gets every alias target; returns the records of qtype at
// the end of the chain.
std::vector<const ResourceRecord*> follow_answer(const Message& m, const Name& qname, RRType qtype,
                                                 std::vector<Name>& chain,
                                                 std::vector<std::string>& alias_kinds, bool& loop);

}  // namespace canon::cli::trace
