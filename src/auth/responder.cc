// respond(): the packet-level checks around the answer engine (RFC 1035 §4.1.1, RFC 6891) and
// the EDNS bookkeeping. No heap allocation on any path that answers a well-formed query: the
// chase state lives on the stack and the EDE text in a per-thread buffer reused across queries.
#include <algorithm>
#include <string>

#include "auth/answer_writer.h"
#include "auth/chase.h"
#include "auth/flat_alias.h"
#include "auth/responder.h"
#include "wire/query.h"
#include "wire/writer.h"

namespace canon {

namespace {

constexpr size_t kHeaderSize = 12;
constexpr size_t kOptSize = 11;         // root owner, type, class, TTL, rdlength (RFC 6891 §6.1.2)
constexpr size_t kEdeOptionHead = 6;    // option code, length, INFO-CODE (RFC 8914 §2)
constexpr uint16_t kEdeOtherError = 0;  // RFC 8914 §4.1: no code fits loops or long chains
constexpr uint16_t kEdeStaleAnswer = 3;       // RFC 8914 §4.4, RFC 8767
constexpr uint16_t kEdeNoReachableAuth = 22;  // RFC 8914 §4.23

// A header-only reply for packets whose question cannot be trusted: id, opcode, RD and CD
// copied (RFC 1035 §4.1.1), counts zero.
size_t write_bare(std::span<const uint8_t> q, std::span<uint8_t> out, Rcode rc) {
  std::fill(out.begin(), out.begin() + kHeaderSize, uint8_t{0});
  out[0] = q[0];
  out[1] = q[1];
  out[2] = static_cast<uint8_t>(0x80 | (q[2] & 0x79));  // QR, opcode, RD
  out[3] = static_cast<uint8_t>((q[3] & 0x10) | (static_cast<uint16_t>(rc) & 0x0f));  // CD
  return kHeaderSize;
}

// RFC 6891 §6.2.5: at least 512, at most what we are willing to send; 512 without EDNS
// (RFC 1035 §4.2.1); TCP messages are limited by the 16-bit length prefix (RFC 7766).
size_t response_cap(const Query& q, const AuthOptions& opt, Transport t, size_t buf) {
  size_t cap = 512;
  if (t == Transport::kTcp)
    cap = 65535;
  else if (q.has_edns)
    cap = std::max<size_t>(512, std::min(q.udp_size, opt.udp_max_size));
  return std::min(cap, buf);
}

Header reply_header(const Query& q) {
  Header h;
  h.id = q.header.id;
  h.qr = true;
  h.opcode = q.header.opcode;
  h.rd = q.header.rd;
  h.cd = q.header.cd;
  return h;
}

// RFC 6891 §6.2.3, §6.2.5: the payload size we accept, never under 512.
uint16_t reply_udp_size(const AuthOptions& opt) {
  return std::max<uint16_t>(512, opt.udp_max_size);
}

// The per-thread EDNS block that carries an Extended DNS Error; its vector and string keep
// their capacity, so filling it again allocates nothing. Only answers with an EDE touch it:
// the others write their OPT from two fields (MessageWriter::write_opt(udp_size, do)).
Edns& ede_edns(const Query& q, const AuthOptions& opt) {
  thread_local Edns e = [] {
    Edns x;
    x.errors.resize(1);
    x.errors[0].info_code = kEdeOtherError;
    x.errors[0].extra_text.reserve(64 + 4 * Name::kMaxWire);
    return x;
  }();
  e.udp_size = reply_udp_size(opt);
  e.dnssec_ok = q.dnssec_ok;  // RFC 3225 §3: DO is copied
  e.errors[0].info_code = kEdeOtherError;
  e.errors[0].extra_text.clear();
  return e;
}

// The chase's state (34 names and 33 steps, about 13 KB), kept per thread and reused: a query
// does not pay for constructing it, and chase() sets every field it later reads.
Resolution& scratch_resolution() {
  thread_local Resolution r;
  return r;
}

// RFC 8914 §2 EXTRA-TEXT for the chase's failures ("CNAME loop at a.example.").
bool fill_ede(const Resolution& r, size_t limit, std::string& text) {
  if (r.end == ChaseEnd::kLoop) {
    text += r.has_alias() ? "ALIAS loop at " : "CNAME loop at ";
    r.names[r.loop_at].append_text(text);
    return true;
  }
  if (r.end != ChaseEnd::kTooLong) return false;
  text += "CNAME chain longer than ";
  text += std::to_string(limit);  // short enough for the small-string buffer
  return true;
}

// Answers that need no lookup: BADVERS, and REFUSED or NOTIMP for what we do not serve.
bool refuse_early(const Query& q, Rcode* rc) {
  if (q.has_edns && q.edns_version > 0)
    *rc = Rcode::BADVERS;  // RFC 6891 §6.1.3
  else if (q.qclass != RRClass::IN)
    *rc = Rcode::REFUSED;  // only IN zones are served
  else if (q.qtype == RRType::AXFR || q.qtype == RRType::IXFR)
    *rc = Rcode::REFUSED;
  else if (is_meta_type(q.qtype) && q.qtype != RRType::ANY)
    *rc = Rcode::NOTIMP;
  else
    return false;
  return true;
}

size_t write_early(const Query& q, const AuthOptions& opt, Rcode rc, MessageWriter& w) {
  Header h = reply_header(q);
  if (!w.start(h, q.qname.wire(), q.qtype, q.qclass)) return 0;
  w.set_rcode(rc);
  if (q.has_edns) {
    w.reserve_opt(kOptSize);
    w.write_opt(reply_udp_size(opt), q.dnssec_ok);  // RFC 3225 §3: DO is copied
  }
  return w.finish();
}

// What the rcode and EDE become once an ALIAS target outside the zones is looked up.
struct Outcome {
  Rcode rcode = Rcode::NOERROR;
  int ede = -1;           // info code, or -1 for none
  const char* text = "";  // EXTRA-TEXT prefix; the target name follows when name_target
  bool name_target = false;
};

// The upstream cache's answer for an ALIAS chain that left the zones. Returns false when the
// answer must wait for the network (`deferral` filled).
bool external_outcome(const AuthOptions& opt, const Query& q, const Resolution& r,
                      AliasAddresses* ext, Deferral* deferral, Outcome* out) {
  if (!opt.alias && opt.defer_outside && deferral) {
    *deferral = {true, r.last_name(), q.qtype};
    return false;
  }
  if (!opt.alias) {
    *out = {Rcode::SERVFAIL, kEdeOtherError, "no ALIAS upstream configured", false};
    return true;
  }
  if (r.flat)  // flattened: the target's wire form and hash were kept with the catalog
    opt.alias->find_hashed(r.flat->last_wire, r.flat->last_hash, q.qtype, ext);
  else
    opt.alias->find(r.last_name(), q.qtype, ext);
  switch (ext->status) {
    case AliasStatus::kMiss:
      if (deferral) {
        deferral->needed = true;
        deferral->target = r.last_name();
        deferral->type = q.qtype;
        deferral->alias = true;
        return false;
      }
      *out = {Rcode::SERVFAIL, kEdeOtherError, "ALIAS target not resolved: ", true};
      return true;
    case AliasStatus::kFailed:
      *out = {Rcode::SERVFAIL, kEdeNoReachableAuth, "no ALIAS upstream answered for ", true};
      return true;
    case AliasStatus::kStale:
      *out = {Rcode::NOERROR, kEdeStaleAnswer, "stale ALIAS answer for ", true};
      return true;
    default:
      return true;
  }
}

// Ends a resolver can take further than the local zones (AuthOptions::defer_outside).
bool leaves_zones(ChaseEnd end) {
  return end == ChaseEnd::kOutside || end == ChaseEnd::kReferral || end == ChaseEnd::kRefused;
}

// The EDE of an answer (RFC 8914), when it has one: filled into the per-thread EDNS block.
Edns* answer_ede(const Query& q, const AuthOptions& opt, const Resolution& r, size_t limit,
                 const Outcome& oc) {
  if (r.end != ChaseEnd::kLoop && r.end != ChaseEnd::kTooLong && oc.ede < 0) return nullptr;
  Edns& e = ede_edns(q, opt);
  std::string& text = e.errors[0].extra_text;
  if (fill_ede(r, limit, text)) return &e;
  if (oc.ede < 0) return nullptr;
  e.errors[0].info_code = static_cast<uint16_t>(oc.ede);
  text += oc.text;
  if (oc.name_target) r.last_name().append_text(text);
  return &e;
}

size_t answer(const Catalog& catalog, const AuthOptions& opt, const Query& q, MessageWriter& w,
              Deferral* deferral) {
  Resolution& r = scratch_resolution();
  size_t limit = std::min(opt.max_cname_chain, kMaxCnameChain);
  chase(catalog, q.qname, q.qtype, limit, &r);
  if (opt.defer_outside && deferral && leaves_zones(r.end)) {
    *deferral = {true, r.last_name(), q.qtype};
    return 0;
  }
  Outcome oc{rcode_of(r)};
  AliasAddresses ext;
  bool external = r.end == ChaseEnd::kAliasExternal;
  // A flattened ALIAS to an upstream target: the cache entry is loaded while the header and
  // question are written, and read after (a deferral then returns 0 over a started reply).
  if (external && r.flat && opt.alias) opt.alias->prefetch(r.flat->last_hash);
  Header h = reply_header(q);
  h.aa = r.aa && r.end != ChaseEnd::kRefused;
  if (!w.start(h, q.qname.wire(), q.qtype, q.qclass)) return 0;
  if (external && !external_outcome(opt, q, r, &ext, deferral, &oc)) return 0;
  w.set_rcode(oc.rcode);
  Edns* ede = nullptr;
  if (q.has_edns) {
    ede = answer_ede(q, opt, r, limit, oc);
    size_t text = ede ? ede->errors[0].extra_text.size() : 0;
    w.reserve_opt(kOptSize + (ede ? kEdeOptionHead + text : 0));
  }
  write_resolution(catalog, opt, r, &w, external ? &ext : nullptr);
  if (ede)
    w.write_opt(*ede);
  else if (q.has_edns)
    w.write_opt(reply_udp_size(opt), q.dnssec_ok);  // RFC 3225 §3: DO is copied
  return w.finish();
}

}  // namespace

size_t respond(const Catalog& catalog, const AuthOptions& opt, Transport transport,
               std::span<const uint8_t> query, std::span<uint8_t> out) {
  return respond(catalog, opt, transport, query, out, nullptr);
}

size_t respond(const Catalog& catalog, const AuthOptions& opt, Transport transport,
               std::span<const uint8_t> query, std::span<uint8_t> out, Deferral* deferral) {
  if (query.size() < kHeaderSize || (query[2] & 0x80) || out.size() < kHeaderSize) return 0;
  if (((query[2] >> 3) & 0x0f) != static_cast<uint8_t>(Opcode::QUERY))
    return write_bare(query, out, Rcode::NOTIMP);  // RFC 1035 §4.1.1
  Query q;
  WireError err;
  if (!parse_query(query, &q, &err) || q.qdcount != 1)
    return write_bare(query, out, Rcode::FORMERR);
  MessageWriter w(out, response_cap(q, opt, transport, out.size()));
  Rcode rc;
  if (refuse_early(q, &rc)) return write_early(q, opt, rc, w);
  return answer(catalog, opt, q, w, deferral);
}

}  // namespace canon
