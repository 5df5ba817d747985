#include "resolver/cached_answer.h"

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

}  // namespace canon::resolver
