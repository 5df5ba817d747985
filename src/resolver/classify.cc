#include "resolver/classify.h"

namespace canon::resolver {

namespace {

const RRset* find_dname_above(const std::vector<RRset>& sets, const Name& qname) {
  for (const auto& s : sets) {
    if (s.type != RRType::DNAME || !qname.is_subdomain_of(s.owner)) continue;
    if (s.owner == qname) continue;  // a DNAME does not apply to its own owner (RFC 6672 §2.3)
    return &s;
  }
  return nullptr;
}

void take_negative(const Message& reply, Classified& c) {
  for (auto& s : group_rrsets(reply.authority))
    if (s.type == RRType::SOA) c.authority.push_back(std::move(s));
}

bool is_referral(const Message& reply, const Name& qname, Classified& c) {
  if (reply.header.aa) return false;
  auto auth = group_rrsets(reply.authority);
  for (const auto& s : auth)
    if (s.type == RRType::SOA) return false;
  for (auto& s : auth) {
    if (s.type != RRType::NS || !qname.is_subdomain_of(s.owner)) continue;
    c.ns = std::move(s);
    for (auto& g : group_rrsets(reply.additional))
      if (g.type == RRType::A || g.type == RRType::AAAA) c.glue.push_back(std::move(g));
    return true;
  }
  return false;
}

}  // namespace

Classified classify_response(const Message& reply, const Name& qname, RRType qtype) {
  Classified c;
  c.rcode = reply.rcode();
  if (c.rcode != Rcode::NOERROR && c.rcode != Rcode::NXDOMAIN) return c;  // kFailed
  auto answer = group_rrsets(reply.answer);
  bool any = qtype == RRType::ANY;
  for (const auto& s : answer) {
    if (s.owner == qname && (any || s.type == qtype)) c.records.push_back(s);
  }
  if (!c.records.empty()) {
    c.kind = AnswerKind::kAnswer;
    return c;
  }
  if (const RRset* d = find_dname_above(answer, qname)) {
    c.kind = AnswerKind::kDname;
    c.records.push_back(*d);
    return c;
  }
  if (const RRset* cn = find_rrset(answer, qname, RRType::CNAME)) {
    c.kind = AnswerKind::kCname;
    c.records.push_back(*cn);
    return c;
  }
  take_negative(reply, c);
  if (c.rcode == Rcode::NXDOMAIN) {
    c.kind = AnswerKind::kNxDomain;
    return c;
  }
  if (is_referral(reply, qname, c)) {
    c.referral = true;
    c.kind = AnswerKind::kPass;
    return c;
  }
  c.kind = AnswerKind::kNoData;
  return c;
}

Result<Name> dname_substitute(const RRset& dname, const Name& name) {
  auto to = dname.target();
  if (!to) return Error("unreadable DNAME rdata");
  return name.replace_suffix(dname.owner, *to);
}

}  // namespace canon::resolver
