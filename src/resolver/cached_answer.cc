#include "resolver/cached_answer.h"

#include <array>

namespace canon::resolver {

namespace {

SourceAnswer from_hit(AnswerKind kind, CacheHit&& hit) {
  SourceAnswer a;
  a.kind = kind;
  a.stale = hit.stale;
  if (hit.kind == CacheKind::kRRset) {
    a.records.push_back(std::move(hit.rrset));
  } else if (hit.soa) {
    a.authority.push_back(std::move(*hit.soa));
  }
  return a;
}

AnswerKind negative_kind(CacheKind k) {
  return k == CacheKind::kNxDomain ? AnswerKind::kNxDomain : AnswerKind::kNoData;
}

}  // namespace

std::optional<SourceAnswer> answer_from_cache(const Cache& cache, const Name& name, RRType type,
                                              bool allow_stale) {
  auto answer = [](const std::optional<CacheHit>& h) { return h && h->trust == Trust::kAnswer; };
  if (auto hit = cache.get(name, type, allow_stale); answer(hit)) {
    AnswerKind k = hit->kind == CacheKind::kRRset ? AnswerKind::kAnswer : negative_kind(hit->kind);
    return from_hit(k, std::move(*hit));
  }
  if (type != RRType::CNAME) {
    if (auto hit = cache.get(name, RRType::CNAME, allow_stale);
        answer(hit) && hit->kind == CacheKind::kRRset)
      return from_hit(AnswerKind::kCname, std::move(*hit));
  }
  // A cached DNAME above the name answers for every name below it (RFC 6672 §2.3).
  for (size_t n = name.label_count(); n-- > 0;) {
    Name anc = name.suffix(n);
    if (auto hit = cache.get(anc, RRType::DNAME, allow_stale);
        answer(hit) && hit->kind == CacheKind::kRRset) {
      hit->rrset.owner = anc;
      return from_hit(AnswerKind::kDname, std::move(*hit));
    }
  }
  return std::nullopt;
}

void store_answer(Cache& cache, const Name& name, RRType type, const Classified& c,
                  const Name& bailiwick) {
  auto in_bailiwick = [&](const RRset& s) { return s.owner.is_subdomain_of(bailiwick); };
  switch (c.kind) {
    case AnswerKind::kAnswer:
    case AnswerKind::kCname:
    case AnswerKind::kDname:
      for (const auto& s : c.records)
        if (in_bailiwick(s)) cache.put(s, Trust::kAnswer);
      return;
    case AnswerKind::kNxDomain:
    case AnswerKind::kNoData: {
      const RRset* soa = nullptr;
      for (const auto& s : c.authority)
        if (s.type == RRType::SOA && in_bailiwick(s) && name.is_subdomain_of(s.owner)) soa = &s;
      if (name.is_subdomain_of(bailiwick))
        cache.put_negative(name, type, c.kind == AnswerKind::kNxDomain, soa);
      return;
    }
    default:
      return;
  }
}

namespace {

enum class Step : uint8_t { kMiss, kEnd, kHop, kBail };

// One name of the chain from the cache: the RRset asked (or a negative entry) ends the chain,
// the name's CNAME is a hop to `target`. As answer_from_cache(): answer data only.
Step write_one(const Cache& cache, const Name& name, RRType qtype, MessageWriter& w, Rcode* rc,
               Name* target, std::vector<ReplySource>* sources) {
  Step step = Step::kMiss;
  auto used = [&](const CacheView& v, size_t records) {
    if (sources) sources->push_back({v.expires, static_cast<uint16_t>(records), v.watch()});
  };
  auto end = [&](const CacheView& v) {
    if (v.trust != Trust::kAnswer) return;  // glue or a referral's NS: not an answer
    step = Step::kEnd;
    if (v.kind == CacheKind::kRRset) {
      *rc = Rcode::NOERROR;
      for (const auto& rd : v.rrset->rdatas)
        if (!w.add_rr(Section::kAnswer, name, qtype, v.rrset->cls, v.ttl, rd)) step = Step::kBail;
      used(v, v.rrset->rdatas.size());
      return;
    }
    *rc = v.kind == CacheKind::kNxDomain ? Rcode::NXDOMAIN : Rcode::NOERROR;
    bool soa = v.soa && !v.soa->rdatas.empty();
    if (soa && !w.add_rr(Section::kAuthority, v.soa->owner, RRType::SOA, v.soa->cls, v.ttl,
                         v.soa->rdatas.front()))
      step = Step::kBail;
    used(v, soa ? 1 : 0);
  };
  cache.visit(name, qtype, false, end);
  if (step != Step::kMiss || qtype == RRType::CNAME) return step;
  auto hop = [&](const CacheView& v) {
    if (v.trust != Trust::kAnswer || v.kind != CacheKind::kRRset) return;
    auto t = v.rrset->target();
    step = Step::kBail;
    if (!t) return;
    for (const auto& rd : v.rrset->rdatas)
      if (!w.add_rr(Section::kAnswer, name, RRType::CNAME, v.rrset->cls, v.ttl, rd)) return;
    used(v, v.rrset->rdatas.size());
    *target = *t;
    step = Step::kHop;
  };
  cache.visit(name, RRType::CNAME, false, hop);
  return step;
}

}  // namespace

std::optional<Rcode> write_from_cache(const Cache& cache, const Router& router, const Name& qname,
                                      RRType qtype, size_t max_chain, MessageWriter& w,
                                      std::vector<ReplySource>* sources) {
  static constexpr size_t kMaxNames = 33;  // auth/chase.h's kMaxCnameChain + 1
  std::array<Name, kMaxNames> names;
  size_t n = 0;
  names[n++] = qname;
  for (;;) {
    const Name& name = names[n - 1];
    Stage stage = router.route(name, /*allowed=*/true);
    if (stage != Stage::kForward && stage != Stage::kRecursion) return std::nullopt;
    Rcode rc = Rcode::SERVFAIL;
    Name target;
    switch (write_one(cache, name, qtype, w, &rc, &target, sources)) {
      case Step::kEnd:
        return rc;
      case Step::kHop:
        break;
      case Step::kMiss:  // a DNAME above, or nothing: the sources go upstream
      case Step::kBail:
        return std::nullopt;
    }
    if (n > max_chain || n >= kMaxNames) return std::nullopt;
    for (size_t i = 0; i < n; ++i)
      if (names[i] == target) return std::nullopt;  // a loop: the Router's SERVFAIL and EDE
    names[n++] = target;
  }
}

}  // namespace canon::resolver
