#include "cli/trace_classify.h"

#include <algorithm>

#include "wire/rdata.h"

namespace canon::cli::trace {

namespace {

// "owner TYPE rdata": what servers must agree on (TTLs may differ without harm).
std::string rr_key(const ResourceRecord& rr) {
  return rr.owner.lowered().to_string() + " " + to_string(rr.type) + " " +
         rdata_to_text(rr.type, rr.rdata);
}

const ResourceRecord* find_dname(const Message& m, const Name& qname) {
  for (const auto& rr : m.answer) {
    if (rr.type == RRType::DNAME && qname.is_subdomain_of(rr.owner) && !(qname == rr.owner)) {
      return &rr;
    }
  }
  return nullptr;
}

uint32_t soa_ttl(const Message& m) {
  for (const auto& rr : m.authority) {
    if (rr.type == RRType::SOA) return rr.ttl;
  }
  return 0;
}

void take(Response& r, const ResourceRecord& rr) {
  r.ttl = r.records.empty() ? rr.ttl : std::min(r.ttl, rr.ttl);
  r.records.push_back(rr.to_text());
}

// NOERROR with nothing for qname: a referral, NODATA, or a lame server.
void classify_empty(const Message& m, const Name& qname, const Name& zone, Classified& c) {
  Response& r = c.response;
  bool upward_ns = false;
  for (const auto& rr : m.authority) {
    if (rr.type != RRType::NS) continue;
    bool below = rr.owner.label_count() > zone.label_count() && rr.owner.is_subdomain_of(zone);
    if (below && qname.is_subdomain_of(rr.owner)) {
      if (!c.referral_zone) c.referral_zone = rr.owner;
      if (!(*c.referral_zone == rr.owner)) continue;
      auto ns = rdata_target(RRType::NS, rr.rdata);
      if (ns) c.referral_ns.push_back(*ns);
      take(r, rr);
    } else {
      upward_ns = true;
    }
  }
  if (c.referral_zone) {
    r.kind = Kind::kReferral;
    r.referral_zone = c.referral_zone->to_string();
    for (const auto& ns : c.referral_ns) r.referral_ns.push_back(ns.to_string());
    for (const auto& rr : m.additional) {
      if (rr.type != RRType::A && rr.type != RRType::AAAA) continue;
      for (const auto& ns : c.referral_ns) {
        if (!(rr.owner == ns)) continue;
        auto addr = rdata_to_text(rr.type, rr.rdata);
        c.glue.push_back({ns, addr});
        r.glue.push_back(ns.to_string() + " " + addr);
      }
    }
    return;
  }
  if (m.header.aa) {
    r.kind = Kind::kNodata;
    r.ttl = soa_ttl(m);
    return;
  }
  r.kind = Kind::kLame;
  r.lame = true;
  r.error = upward_ns ? "non-authoritative referral that does not lead below " + zone.to_string()
                      : "non-authoritative response without data or referral";
}

void classify_rcode(const Message& m, Classified& c) {
  Response& r = c.response;
  switch (m.rcode()) {
    case Rcode::NXDOMAIN:
      r.kind = Kind::kNxdomain;
      r.ttl = soa_ttl(m);
      break;
    case Rcode::SERVFAIL:
      r.kind = Kind::kServfail;
      break;
    case Rcode::REFUSED:
      r.kind = Kind::kRefused;
      r.lame = true;
      r.error = "refused: the server does not serve this zone";
      break;
    default:
      r.kind = Kind::kError;
      r.error = "rcode " + to_string(m.rcode());
  }
}

std::string make_signature(const Classified& c, const Message& m) {
  std::string sig = to_string(c.response.kind);
  std::vector<std::string> keys;
  if (c.response.kind == Kind::kAnswer) {
    for (const auto& rr : m.answer) keys.push_back(rr_key(rr));
  } else if (c.response.kind == Kind::kReferral) {
    sig += " " + c.response.referral_zone;
    for (const auto& ns : c.referral_ns) keys.push_back(ns.lowered().to_string());
  } else if (c.target) {
    keys.push_back(c.target->lowered().to_string());
  }
  std::sort(keys.begin(), keys.end());
  for (const auto& k : keys) sig += "|" + k;
  return sig;
}

}  // namespace

Classified classify(const Message& m, const Name& qname, RRType qtype, const Name& zone) {
  Classified c;
  Response& r = c.response;
  r.rcode = to_string(m.rcode());
  r.aa = m.header.aa;
  std::vector<const ResourceRecord*> direct;
  const ResourceRecord* cname = nullptr;
  for (const auto& rr : m.answer) {
    if (!(rr.owner == qname)) continue;
    if (rr.type == qtype || qtype == RRType::ANY) direct.push_back(&rr);
    if (rr.type == RRType::CNAME && !cname) cname = &rr;
  }
  const ResourceRecord* dname = find_dname(m, qname);
  if (!direct.empty()) {
    r.kind = Kind::kAnswer;
    for (const auto* rr : direct) {
      take(r, *rr);
      if (rr->type == RRType::A || rr->type == RRType::AAAA) {
        c.addresses.push_back(rdata_to_text(rr->type, rr->rdata));
      }
    }
    r.lame = !m.header.aa;
  } else if (dname) {
    auto to = rdata_target(RRType::DNAME, dname->rdata);
    auto t = to ? qname.replace_suffix(dname->owner, *to) : Result<Name>(Error("bad DNAME"));
    r.kind = t ? Kind::kDname : Kind::kError;
    if (t) c.target = *t;
    if (t) r.target = t->to_string();
    if (!t) r.error = "DNAME substitution fails: " + t.error().message;
    take(r, *dname);
  } else if (cname) {
    c.target = rdata_target(RRType::CNAME, cname->rdata);
    r.kind = c.target ? Kind::kCname : Kind::kError;
    if (c.target) r.target = c.target->to_string();
    take(r, *cname);
  } else if (m.rcode() != Rcode::NOERROR) {
    classify_rcode(m, c);
  } else {
    classify_empty(m, qname, zone, c);
  }
  r.signature = make_signature(c, m);
  return c;
}

std::vector<const ResourceRecord*> follow_answer(const Message& m, const Name& qname, RRType qtype,
                                                 std::vector<Name>& chain,
                                                 std::vector<std::string>& alias_kinds,
                                                 bool& loop) {
  loop = false;
  Name cur = qname;
  for (size_t hops = 0; hops <= m.answer.size(); ++hops) {
    std::vector<const ResourceRecord*> out;
    const ResourceRecord* cname = nullptr;
    for (const auto& rr : m.answer) {
      if (!(rr.owner == cur)) continue;
      if (rr.type == qtype || qtype == RRType::ANY) out.push_back(&rr);
      if (rr.type == RRType::CNAME && !cname) cname = &rr;
    }
    if (!out.empty() || !cname) return out;
    auto next = rdata_target(RRType::CNAME, cname->rdata);
    if (!next) return out;
    // A synthesised CNAME under a DNAME counts as one DNAME hop (RFC 6672 §2.2).
    alias_kinds.push_back(find_dname(m, cur) ? "DNAME" : "CNAME");
    if (*next == qname || std::find(chain.begin(), chain.end(), *next) != chain.end()) {
      loop = true;
      chain.push_back(*next);
      return {};
    }
    chain.push_back(*next);
    cur = *next;
  }
  return {};
}

}  // namespace canon::cli::trace
