// AnswerSource: one interface for everything that can answer a name in a view: a local
// (private or authoritative) zone set, a forward rule, the iterator. A source answers ONE hop:
// when the name is an alias it returns the CNAME (or DNAME) alone and the Router routes the
// target again through the whole view, so a chain can leave a forwarder and come back to a
// private zone (issue 5 §1).
//
//   SourceAnswer a = source.lookup(qname, RRType::A);
//   if (a.kind == AnswerKind::kCname) route(*a.records[0].target());
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "resolver/rrset.h"
#include "wire/message.h"

namespace canon::resolver {

enum class AnswerKind : uint8_t {
  kAnswer,    // records hold the RRset(s) of the type asked, owned by the name
  kCname,     // records[0] is the name's CNAME
  kDname,     // records[0] is a DNAME above the name (RFC 6672); the router synthesizes
  kNoData,    // the name exists without the type (RFC 2308 §2.2); authority may hold the SOA
  kNxDomain,  // the name does not exist (RFC 2308 §2.1)
  kFailed,    // no usable answer (timeouts, SERVFAIL, lame servers)
  kAlias,     // records[0] is the name's ALIAS (A/AAAA asked): the router resolves its target
  kPass,      // not this source's business (a delegation out of a local zone): next stage
};

struct SourceAnswer {
  AnswerKind kind = AnswerKind::kFailed;
  std::vector<RRset> records;
  std::vector<RRset> authority;  // the SOA of a negative answer
  bool authoritative = false;    // answered from our own zone data (sets AA on the reply)
  bool stale = false;            // served stale (RFC 8767): EDE 3 on the reply
  std::string why;               // for kFailed: EDE extra text ("all servers timed out")
};

class AnswerSource {
 public:
  virtual ~AnswerSource() = default;
  virtual SourceAnswer lookup(const Name& name, RRType type) = 0;
};

}  // namespace canon::resolver
