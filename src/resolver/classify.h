// classify_response: what an upstream answer says about the ONE name asked, before any CNAME
// is followed. Only the first hop is kept: records for other names in the answer section (a
// forwarder's or server's own chase of the chain) are discarded, never used nor cached, and
// the router resolves the target on its own (issue 5 §1 and §2, RFC 5452 §6).
//
//   Classified c = classify_response(reply, qname, RRType::A);
//   if (c.kind == AnswerKind::kCname) ... c.records[0] is qname's CNAME
#pragma once

#include <vector>

#include "resolver/source.h"

namespace canon::resolver {

struct Classified {
  AnswerKind kind = AnswerKind::kFailed;
  std::vector<RRset> records;    // as SourceAnswer::records
  std::vector<RRset> authority;  // SOA of a negative answer
  bool referral = false;         // NOERROR, no answer, NS below the zone asked: `ns` and `glue`
  RRset ns;
  std::vector<RRset> glue;  // A/AAAA RRsets from the additional section, unfiltered
  Rcode rcode = Rcode::NOERROR;
};

Classified classify_response(const Message& reply, const Name& qname, RRType qtype);

// A DNAME's substitution for `name` (RFC 6672 §2.2); fails past 255 octets (YXDOMAIN).
Result<Name> dname_substitute(const RRset& dname, const Name& name);

}  // namespace canon::resolver
