#include "auth/answer_writer.h"

#include <algorithm>

#include "wire/rdata.h"

namespace canon {

namespace {

constexpr size_t kMaxAdditionalNodes = 16;  // distinct target nodes looked up for additional

uint32_t read_u32(std::span<const uint8_t> p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

class AnswerWriter {
 public:
  AnswerWriter(const Catalog& catalog, const AuthOptions& opt, const Resolution& r,
               MessageWriter* w, const AliasAddresses* external)
      : catalog_(catalog), opt_(opt), r_(r), w_(*w), external_(external) {}

  bool run() {
    write_chain();
    write_final();
    return tc_;
  }

 private:
  // Writes every record of `rs` under `owner`, all or nothing. A required RRset that does not
  // fit sets TC; an optional one is just left out.
  bool put(Section s, std::span<const uint8_t> owner, const Zone& z, const RRsetRef& rs,
           uint32_t ttl, bool required) {
    if (tc_) return false;
    auto m = w_.mark();
    for (auto rd : z.rdatas(rs)) {
      if (!w_.add_rr(s, owner, rs.type, RRClass::IN, ttl, rd)) {
        w_.rollback(m);
        if (required) set_tc();
        return false;
      }
    }
    return true;
  }

  bool put_one(Section s, std::span<const uint8_t> owner, RRType t, uint32_t ttl,
               std::span<const uint8_t> rdata) {
    if (tc_) return false;
    if (w_.add_rr(s, owner, t, RRClass::IN, ttl, rdata)) return true;
    set_tc();
    return false;
  }

  void set_tc() {
    tc_ = true;
    w_.set_tc();
  }

  // Hops from an ALIAS on stay inside the server: the client sees only the addresses.
  void write_chain() {
    size_t n = std::min(r_.nsteps, r_.alias_at);
    for (size_t i = 0; i < n && !tc_; ++i) write_step(i);
  }

  // RFC 6672 §3.4: the DNAME first, then the CNAME synthesized from it, owned by the name
  // that was looked up and carrying the DNAME's TTL (§5.3.1).
  void write_step(size_t i) {
    const ChainStep& st = r_.steps[i];
    if (st.kind == StepKind::kCname) {
      put(Section::kAnswer, r_.names[i].wire(), *st.zone, *st.rrset, st.rrset->ttl, true);
      return;
    }
    put(Section::kAnswer, st.zone->owner_wire(st.node), *st.zone, *st.rrset, st.rrset->ttl, true);
    if (st.kind == StepKind::kDname)
      put_one(Section::kAnswer, r_.names[i].wire(), RRType::CNAME, st.rrset->ttl,
              r_.names[i + 1].wire());
  }

  void write_final() {
    switch (r_.end) {
      case ChaseEnd::kAnswer:
        write_answer();
        return;
      case ChaseEnd::kNoData:
      case ChaseEnd::kNxDomain:
        write_soa(*r_.last.zone);
        return;
      case ChaseEnd::kReferral:
        write_referral();
        return;
      case ChaseEnd::kAliasExternal:
        write_external();
        return;
      default:
        return;
    }
  }

  // The owner is the name looked up, as written in the query or the CNAME before it; for a
  // wildcard match that is required (RFC 4592 §2.3.1: the owner is the query name).
  void write_answer() {
    const LookupOutcome& o = r_.last;
    if (r_.has_alias()) {  // flattened: the owner is the ALIAS owner, the TTL the least met
      put(Section::kAnswer, r_.names[r_.alias_at].wire(), *o.zone, *o.rrset,
          std::min(r_.alias_ttl, o.rrset->ttl), true);
      return;
    }
    if (!put(Section::kAnswer, r_.last_name().wire(), *o.zone, *o.rrset, o.rrset->ttl, true))
      return;
    if (!opt_.minimal_responses) add_targets_of(*o.zone, *o.rrset);
  }

  // The upstream's view of an ALIAS target outside the local zones.
  void write_external() {
    if (!external_) return;
    const AliasAddresses& a = *external_;
    if (a.status == AliasStatus::kNoData) {
      write_soa(*r_.steps[r_.alias_at].zone);
      return;
    }
    if (a.status != AliasStatus::kAddresses && a.status != AliasStatus::kStale) return;
    uint32_t ttl = a.status == AliasStatus::kStale ? a.ttl : std::min(r_.alias_ttl, a.ttl);
    if (tc_ || a.count == 0) return;
    // Fixed-size addresses under one owner: written in one go, all or nothing.
    if (!w_.add_rrs(Section::kAnswer, r_.names[r_.alias_at].wire(), a.type, RRClass::IN, ttl,
                    a.rdata, a.rdata_size(), a.count))
      set_tc();
  }

  // RFC 2308 §3: the SOA goes in authority with the TTL min(SOA TTL, SOA MINIMUM).
  void write_soa(const Zone& z) {
    Zone::NodeId apex = apex_of(z);
    const RRsetRef* soa = apex == Zone::kNone ? nullptr : z.rrset(apex, RRType::SOA);
    if (!soa || soa->count == 0) return;
    std::span<const uint8_t> rd = *z.rdatas(*soa).begin();
    if (rd.size() < 4) return;
    uint32_t ttl = std::min(soa->ttl, read_u32(rd.subspan(rd.size() - 4)));
    put_one(Section::kAuthority, z.owner_wire(apex), RRType::SOA, ttl, rd);
  }

  // Nodes are in canonical order, so the apex comes first; find() is the fallback.
  static Zone::NodeId apex_of(const Zone& z) {
    if (z.node_count() > 0 && (z.flags(0) & kNodeApex)) return 0;
    return z.find(z.origin()).exact;
  }

  // RFC 1034 §4.3.2 step 3b: NS of the cut in authority, AA clear, glue in additional. Glue of
  // servers below the cut is required (RFC 9471 §3); other addresses are a courtesy.
  void write_referral() {
    const Zone& z = *r_.last.zone;
    Zone::NodeId cut = r_.last.node;
    const RRsetRef* ns = z.rrset(cut, RRType::NS);
    if (!ns) return;
    if (!put(Section::kAuthority, z.owner_wire(cut), z, *ns, ns->ttl, true)) return;
    Name cut_name = z.owner(cut);
    for (auto rd : z.rdatas(*ns)) add_glue(z, cut_name, rd, true);
    if (opt_.minimal_responses) return;
    for (auto rd : z.rdatas(*ns)) add_glue(z, cut_name, rd, false);
  }

  void add_glue(const Zone& z, const Name& cut_name, std::span<const uint8_t> ns_rdata,
                bool in_domain_pass) {
    auto target = Name::from_wire(ns_rdata);
    if (!target || tc_) return;
    bool in_domain = target->is_subdomain_of(cut_name);
    if (in_domain != in_domain_pass) return;
    if (in_domain) {
      add_addresses(z, z.find(*target).exact, *target, true);
      return;
    }
    add_local_addresses(*target, &z);
  }

  // A/AAAA for the names in MX, SRV and NS rdata (RFC 1035 §3.3.9, RFC 2782, RFC 1034 §3.6.2).
  void add_targets_of(const Zone& z, const RRsetRef& rs) {
    if (rs.type != RRType::MX && rs.type != RRType::SRV && rs.type != RRType::NS) return;
    for (auto rd : z.rdatas(rs)) {
      auto target = rdata_target(rs.type, rd);
      if (target) add_local_addresses(*target, nullptr);
    }
  }

  // Addresses held with authority by any zone of the catalog; `glue_zone`, when given, may
  // also supply glue (sibling glue, RFC 9471 §2).
  void add_local_addresses(const Name& target, const Zone* glue_zone) {
    const Zone* z = catalog_.find_zone(target);
    if (!z) return;
    Zone::NodeId n = z->find(target).exact;
    if (n == Zone::kNone) return;
    constexpr uint16_t kNotAuth = kNodeBelowCut | kNodeDelegation | kNodeBelowDname;
    if ((z->flags(n) & kNotAuth) && z != glue_zone) return;
    add_addresses(*z, n, target, false);
  }

  void add_addresses(const Zone& z, Zone::NodeId n, const Name& owner, bool required) {
    if (n == Zone::kNone || seen(&z, n)) return;
    for (RRType t : {RRType::A, RRType::AAAA}) {
      const RRsetRef* rs = z.rrset(n, t);
      if (rs) put(Section::kAdditional, owner.wire(), z, *rs, rs->ttl, required);
    }
  }

  bool seen(const Zone* z, Zone::NodeId n) {
    for (size_t i = 0; i < nseen_; ++i)
      if (seen_[i].zone == z && seen_[i].node == n) return true;
    if (nseen_ == kMaxAdditionalNodes) return true;
    seen_[nseen_++] = {z, n};
    return false;
  }

  struct Seen {
    const Zone* zone;
    Zone::NodeId node;
  };

  const Catalog& catalog_;
  const AuthOptions& opt_;
  const Resolution& r_;
  MessageWriter& w_;
  const AliasAddresses* external_;
  bool tc_ = false;
  Seen seen_[kMaxAdditionalNodes];
  size_t nseen_ = 0;
};

}  // namespace

Rcode rcode_of(const Resolution& r) {
  switch (r.end) {
    case ChaseEnd::kNxDomain:
      return Rcode::NXDOMAIN;
    case ChaseEnd::kRefused:
      return Rcode::REFUSED;
    case ChaseEnd::kLoop:
    case ChaseEnd::kTooLong:
    case ChaseEnd::kBroken:
      return Rcode::SERVFAIL;
    case ChaseEnd::kYxDomain:
      return Rcode::YXDOMAIN;
    default:
      return Rcode::NOERROR;
  }
}

bool write_resolution(const Catalog& catalog, const AuthOptions& opt, const Resolution& r,
                      MessageWriter* w, const AliasAddresses* external) {
  return AnswerWriter(catalog, opt, r, w, external).run();
}

}  // namespace canon
