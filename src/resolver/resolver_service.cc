#include "resolver/resolver_service.h"

#include <algorithm>
#include <atomic>

#include "resolver/cached_answer.h"
#include "wire/edns.h"
#include "wire/query.h"
#include "wire/writer.h"

namespace canon::resolver {

namespace {

// An error reply that echoes the header and question of a query we could read.
std::vector<uint8_t> error_reply(const Message& q, Rcode rc, bool ra) {
  Message m;
  m.header.id = q.header.id;
  m.header.qr = true;
  m.header.rd = q.header.rd;
  m.header.ra = ra;
  m.header.opcode = q.header.opcode;
  m.questions = q.questions;
  if (q.edns) m.edns = Edns{};
  m.set_rcode(rc);
  return m.encode(512);
}

// FORMERR for a query whose header is readable but whose body is not (RFC 1035 §4.1.1).
std::vector<uint8_t> formerr(std::span<const uint8_t> packet) {
  if (packet.size() < 12 || (packet[2] & 0x80)) return {};  // a runt or a response: drop
  std::vector<uint8_t> out(packet.begin(), packet.begin() + 12);
  out[2] = static_cast<uint8_t>((out[2] & 0x79) | 0x80);  // QR, keep opcode and RD
  out[3] = 1;                                             // FORMERR
  std::fill(out.begin() + 4, out.end(), 0);
  return out;
}

// UDP: 512 (RFC 1035 §4.2.1), or the requestor's EDNS size, at least 512 and at most what we
// send (1232; RFC 6891 §6.2.5). TCP: the whole message.
size_t reply_limit(const Message& q, Transport t) {
  if (t == Transport::kTcp) return 65535;
  return q.edns ? std::clamp<size_t>(q.edns->udp_size, 512, 1232) : 512;
}

uint64_t next_generation() {
  static std::atomic<uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace

ResolverService::ResolverService(std::vector<ViewSpec> views, ServiceOptions opt, Network& net,
                                 const Clock& clock)
    : generation_(next_generation()),
      clock_(clock),
      max_cname_chain_(opt.max_cname_chain),
      max_queue_(opt.max_queue) {
  CacheOptions copt = opt.cache;
  copt.max_bytes = std::max<size_t>(copt.max_bytes / std::max<size_t>(views.size(), 1), 4096);
  size_t answer_bytes = opt.answer_share ? copt.max_bytes / opt.answer_share : 0;
  copt.max_bytes = std::max<size_t>(copt.max_bytes - answer_bytes, 4096);
  const RootHints& hints = opt.hints ? *opt.hints : builtin_root_hints();
  for (auto& spec : views) {
    View v;
    v.cache = std::make_unique<Cache>(clock, copt);
    if (answer_bytes) v.answers = std::make_unique<AnswerCache>(answer_bytes, copt.shards);
    if (spec.recursion)
      v.iterator = std::make_unique<Iterator>(net, *v.cache, clock, hints, opt.iterator);
    RouterOptions ropt{opt.max_cname_chain, spec.recursion, opt.forward_timeout};
    v.router = std::make_unique<Router>(spec.zones, spec.forwards, &net, v.cache.get(),
                                        v.iterator.get(), ropt);
    v.spec = std::move(spec);
    views_.push_back(std::move(v));
  }
  for (size_t i = 0; i < opt.threads; ++i) threads_.emplace_back([this] { run(); });
}

ResolverService::~ResolverService() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

int ResolverService::view_index(const sockaddr_storage& client) const {
  for (size_t i = 0; i < views_.size(); ++i)
    if (views_[i].spec.matches && views_[i].spec.matches(client)) return static_cast<int>(i);
  return -1;
}

const ResolverService::View* ResolverService::recursive_view(const sockaddr_storage& client,
                                                             const ViewChoice* chosen) const {
  if (chosen && chosen->generation == generation_ && chosen->index < views_.size())
    return &views_[chosen->index];
  int vi = view_index(client);
  if (vi < 0) return nullptr;
  const View& view = views_[static_cast<size_t>(vi)];
  bool allowed = view.spec.recursion_allowed && view.spec.recursion_allowed(client);
  return allowed ? &view : nullptr;
}

std::vector<uint8_t> ResolverService::answer(std::span<const uint8_t> packet,
                                             const sockaddr_storage& client, Transport transport) {
  auto decoded = Message::decode(packet);
  if (!decoded) return formerr(packet);
  const Message& q = *decoded;
  if (q.header.qr) return {};
  int vi = view_index(client);
  const View* view = vi < 0 ? nullptr : &views_[static_cast<size_t>(vi)];
  bool allowed = view && view->spec.recursion_allowed && view->spec.recursion_allowed(client);
  if (q.header.opcode != Opcode::QUERY) return error_reply(q, Rcode::NOTIMP, allowed);
  if (q.questions.size() != 1) return error_reply(q, Rcode::FORMERR, allowed);
  if (q.edns && q.edns->version > 0) return error_reply(q, Rcode::BADVERS, allowed);
  const Question& qq = q.questions[0];
  if (!view || qq.cls != RRClass::IN || qq.type == RRType::AXFR || qq.type == RRType::IXFR)
    return error_reply(q, Rcode::REFUSED, allowed);
  Resolved r = view->router->resolve(qq.name, qq.type, allowed);
  return make_reply(q, r, allowed).encode(reply_limit(q, transport));
}

size_t ResolverService::answer_cached(std::span<const uint8_t> packet,
                                      const sockaddr_storage& client, Transport transport,
                                      std::span<uint8_t> out, const ViewChoice* chosen) const {
  auto parsed = parse_query(packet);
  if (!parsed) return 0;
  const Query& q = *parsed;
  // Anything answer() treats as an error or a refusal takes the slow path, and so does what
  // the authoritative respond() answers NOTIMP (meta types but ANY): a server may ask here
  // before respond() (server/resolver_glue.h, ViewTable::cache_first).
  if (q.header.qr || q.header.opcode != Opcode::QUERY || q.qdcount != 1 ||
      (q.has_edns && q.edns_version > 0) || q.qclass != RRClass::IN || q.qtype == RRType::AXFR ||
      q.qtype == RRType::IXFR || (is_meta_type(q.qtype) && q.qtype != RRType::ANY))
    return 0;
  const View* chosen_view = recursive_view(client, chosen);
  if (!chosen_view) return 0;
  const View& view = *chosen_view;
  size_t limit = transport == Transport::kTcp ? 65535
                 : q.has_edns                 ? std::clamp<size_t>(q.udp_size, 512, 1232)
                                              : 512;
  AnswerQuery aq{q.header.id,
                 q.header.rd,
                 q.header.cd,
                 q.qname.wire(),
                 q.qtype,
                 q.has_edns,
                 std::min(limit, out.size())};
  if (view.answers)
    if (size_t n = view.answers->write(aq, clock_.now(), out)) return n;
  // As make_reply(): ID, RD, CD and the question copied; QR and RA set; not authoritative.
  Header h;
  h.id = q.header.id;
  h.qr = true;
  h.rd = q.header.rd;
  h.cd = q.header.cd;
  h.ra = true;
  MessageWriter w(out, aq.limit);
  if (!w.start(h, q.qname.wire(), q.qtype, q.qclass)) return 0;
  Edns edns;
  edns.udp_size = 1232;
  if (q.has_edns) w.reserve_opt(opt_rr_size(edns));
  std::vector<ReplySource> sources;
  auto rc = write_from_cache(*view.cache, *view.router, q.qname, q.qtype, max_cname_chain_, w,
                             view.answers ? &sources : nullptr);
  if (!rc) return 0;
  w.set_rcode(*rc);
  if (q.has_edns && !w.write_opt(edns)) return 0;
  size_t n = w.finish();
  if (view.answers) view.answers->store(aq, {out.data(), n}, sources);
  return n;
}

void ResolverService::clear_answers() {
  for (auto& v : views_)
    if (v.answers) v.answers->clear();
}

bool ResolverService::submit(std::vector<uint8_t> packet, const sockaddr_storage& client,
                             Transport transport, ReplyFn reply) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= max_queue_) return false;
    queue_.push_back(Job{std::move(packet), client, transport, std::move(reply)});
  }
  cv_.notify_one();
  return true;
}

void ResolverService::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every accepted query answered
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    std::vector<uint8_t> out = answer(job.packet, job.client, job.transport);
    if (!out.empty() && job.reply) job.reply(out);
  }
}

}  // namespace canon::resolver
