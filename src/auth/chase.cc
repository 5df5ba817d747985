#include "auth/chase.h"

#include <algorithm>

#include "auth/flat_alias.h"
#include "wire/name_hash.h"

namespace canon {

namespace {

class Chaser {
 public:
  Chaser(const Catalog& catalog, RRType qtype, size_t max_chain, Resolution* r)
      : catalog_(catalog), qtype_(qtype), max_chain_(std::min(max_chain, kMaxCnameChain)), r_(*r) {}

  void run() {
    ChaseState s = ChaseState::kBegin;
    while (s != ChaseState::kDone) s = step(s);
  }

 private:
  ChaseState step(ChaseState s) {
    switch (s) {
      case ChaseState::kBegin:
        r_.nsteps = 0;
        return ChaseState::kLookup;
      case ChaseState::kLookup:
        return do_lookup();
      case ChaseState::kFollow:
        return do_follow();
      case ChaseState::kAnswer:
        return finish(ChaseEnd::kAnswer);
      case ChaseState::kNoData:
        return finish(ChaseEnd::kNoData);
      case ChaseState::kNxDomain:
        return finish(ChaseEnd::kNxDomain);
      case ChaseState::kReferral:
        return finish(ChaseEnd::kReferral);
      case ChaseState::kOutside:
        return finish(r_.nsteps == 0 ? ChaseEnd::kRefused : ChaseEnd::kOutside);
      case ChaseState::kError:
      case ChaseState::kDone:
        return ChaseState::kDone;
    }
    return ChaseState::kDone;
  }

  ChaseState do_lookup() {
    if (r_.nsteps == 0) {
      if (ChaseState s = first_lookup(); s == ChaseState::kDone) return s;
    } else {
      r_.last = lookup(catalog_, r_.last_name(), qtype_);
    }
    switch (r_.last.result) {
      case LookupResult::kSuccess:
        return ChaseState::kAnswer;
      case LookupResult::kNoData:
        return ChaseState::kNoData;
      case LookupResult::kNameError:
        return ChaseState::kNxDomain;
      case LookupResult::kDelegation:
        return ChaseState::kReferral;
      case LookupResult::kOutside:
        return ChaseState::kOutside;
      case LookupResult::kCname:
      case LookupResult::kDname:
      case LookupResult::kAlias:
        return ChaseState::kFollow;
    }
    return ChaseState::kOutside;
  }

  // The query name's lookup. An A or AAAA query may meet an ALIAS resolved ahead, whose slot
  // is found by the same hash as the zone's node: its load starts before the zone's search.
  // kDone: the flattened chain was taken; kLookup: go on with r_.last.
  ChaseState first_lookup() {
    const Name& qname = r_.last_name();
    uint64_t hash = name_hash(qname.wire().data(), qname.wire_size());
    if (qtype_ == RRType::A || qtype_ == RRType::AAAA) catalog_.prefetch_flat(hash, qtype_);
    r_.last = lookup(catalog_, qname, qtype_, hash);
    r_.aa = authoritative(r_.last.result);
    if (const FlatAlias* f = flat_at_query_name(hash)) return take_flat(*f);
    return ChaseState::kLookup;
  }

  // The ALIAS at the query name itself, resolved when the catalog was built (flat_alias.h).
  // Not through a CNAME (the names before it could close a loop) nor from a wildcard (the
  // query name is in the chain), and only when the query's limit lets every hop through.
  const FlatAlias* flat_at_query_name(uint64_t hash) const {
    const LookupOutcome& o = r_.last;
    if (o.result != LookupResult::kAlias || o.wildcard) return nullptr;
    const FlatAlias* f = catalog_.flat_alias(*o.rrset, hash, qtype_);
    return f && f->hops <= max_chain_ ? f : nullptr;
  }

  // One ALIAS step whose target is the chain's last name, ending as the chase ended then.
  ChaseState take_flat(const FlatAlias& f) {
    const LookupOutcome& o = r_.last;
    r_.steps[0] = ChainStep{StepKind::kAlias, o.zone, o.node, o.rrset};
    r_.alias_at = 0;
    r_.alias_ttl = f.ttl;
    r_.nsteps = 1;
    // An upstream end reads nothing of the last lookup (its addresses come from the cache):
    // leaving f.last unread keeps the answer to the slot's first cache line.
    r_.last = f.end == ChaseEnd::kAliasExternal ? LookupOutcome{} : f.last;
    if (r_.last.rrset) r_.last.rrset = &f.last_set;  // the same records, read from the slot
    r_.end = f.end;
    r_.flat = &f;
    r_.flat_last = f.last_name;
    // The upstream cache compares this name with its entry's key next: start the load now.
    if (f.end == ChaseEnd::kAliasExternal) __builtin_prefetch(f.last_wire.data());
    return ChaseState::kDone;
  }

  static bool authoritative(LookupResult r) {
    return r != LookupResult::kDelegation && r != LookupResult::kOutside;
  }

  ChaseState finish(ChaseEnd e) {
    r_.end = r_.has_alias() ? after_alias(e) : e;
    return ChaseState::kDone;
  }

  // Where an ALIAS chain ends: a missing target or type is NODATA at the owner, with the
  // owner's SOA; a target served elsewhere needs the upstream.
  ChaseEnd after_alias(ChaseEnd e) {
    switch (e) {
      case ChaseEnd::kNoData:
      case ChaseEnd::kNxDomain:
        r_.last.zone = r_.steps[r_.alias_at].zone;
        return ChaseEnd::kNoData;
      case ChaseEnd::kOutside:
      case ChaseEnd::kReferral:
        return ChaseEnd::kAliasExternal;
      default:
        return e;
    }
  }

  ChaseState fail(ChaseEnd e) {
    r_.end = e;
    return ChaseState::kError;
  }

  // Records the hop found by the last lookup, computes its target, and decides whether the
  // chase may go on (RFC 1034 §4.3.2 step 3a; RFC 6672 §2.3).
  ChaseState do_follow() {
    const LookupOutcome& o = r_.last;
    size_t h = r_.nsteps;
    bool is_dname = o.result == LookupResult::kDname;
    r_.steps[h] = ChainStep{step_kind(o.result), o.zone, o.node, o.rrset};
    note_alias(h, *o.rrset);
    ChaseEnd err = ChaseEnd::kBroken;
    bool ok =
        is_dname ? dname_target(o, h, &r_.names[h + 1], &err) : cname_target(o, &r_.names[h + 1]);
    // A YXDOMAIN keeps its DNAME in the chain; unreadable rdata keeps nothing of this hop.
    r_.nsteps = ok || err == ChaseEnd::kYxDomain ? h + 1 : h;
    if (!ok) return fail(err);
    for (size_t i = 0; i <= h; ++i) {
      if (r_.names[i] == r_.names[h + 1]) {
        r_.loop_at = i;
        return fail(ChaseEnd::kLoop);
      }
    }
    if (h + 1 > max_chain_) return fail(ChaseEnd::kTooLong);
    return ChaseState::kLookup;
  }

  static StepKind step_kind(LookupResult r) {
    if (r == LookupResult::kDname) return StepKind::kDname;
    return r == LookupResult::kAlias ? StepKind::kAlias : StepKind::kCname;
  }

  void note_alias(size_t h, const RRsetRef& rs) {
    if (!r_.has_alias() && r_.steps[h].kind == StepKind::kAlias) {
      r_.alias_at = h;
      r_.alias_ttl = rs.ttl;
    } else if (r_.has_alias()) {
      r_.alias_ttl = std::min(r_.alias_ttl, rs.ttl);
    }
  }

  bool cname_target(const LookupOutcome& o, Name* target) const {
    if (o.rrset->count == 0) return false;
    if (o.rrset->type == RRType::ALIAS) {  // parsed when the zone was built
      const Name* t = o.zone->alias_target(*o.rrset);
      if (!t) return false;
      *target = *t;
      return true;
    }
    auto r = Name::from_wire(*o.zone->rdatas(*o.rrset).begin());
    if (!r) return false;
    *target = *r;
    return true;
  }

  // RFC 6672 §2.2: replace the DNAME owner suffix by the target. The length is checked first so
  // that the YXDOMAIN case costs no error message.
  bool dname_target(const LookupOutcome& o, size_t h, Name* target, ChaseEnd* err) {
    if (o.rrset->count == 0) return false;
    auto to = Name::from_wire(*o.zone->rdatas(*o.rrset).begin());
    if (!to) return false;
    const Name& from_name = r_.names[h];
    Name owner = o.zone->owner(o.node);
    size_t keep = from_name.label_offset(from_name.label_count() - owner.label_count());
    if (keep + to->wire_size() > Name::kMaxWire) {
      r_.steps[h].kind = StepKind::kDnameOnly;
      *err = ChaseEnd::kYxDomain;
      return false;
    }
    auto res = from_name.replace_suffix(owner, *to);
    if (!res) return false;
    *target = *res;
    return true;
  }

  const Catalog& catalog_;
  RRType qtype_;
  size_t max_chain_;
  Resolution& r_;
};

}  // namespace

void chase(const Catalog& catalog, const Name& qname, RRType qtype, size_t max_chain,
           Resolution* out) {
  // `out` may be reused from an earlier query (respond() keeps one per thread): every field
  // that is read after the chase is set here or on the way.
  out->names[0] = qname;
  out->nsteps = 0;
  out->end = ChaseEnd::kRefused;
  out->aa = false;
  out->loop_at = 0;
  out->alias_ttl = 0;
  out->alias_at = Resolution::kNoAlias;
  out->flat = nullptr;
  out->flat_last = nullptr;
  Chaser(catalog, qtype, max_chain, out).run();
}

}  // namespace canon
