// The query path allocates nothing (issue 3 §2): respond() is called for one query of every
// kind the answer engine has a state for, with global operator new replaced by a counting
// version that is armed only on this thread and only around the call.
#include <atomic>
#include <cstdlib>
#include <new>
#include <thread>

#include "auth/auth_test_util.h"

// GCC sees operator new's malloc and operator delete's free meet through inlining and calls
// the pair mismatched; here they are the allocator itself.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {

// Armed around respond() only; allocations by GoogleTest or the test setup are not counted.
thread_local bool g_counting = false;
thread_local size_t g_allocations = 0;
thread_local size_t g_last_size = 0;

void* counted_alloc(size_t size, size_t align) {
  if (g_counting) {
    ++g_allocations;
    g_last_size = size;
  }
  if (size == 0) size = 1;
  void* p = align <= alignof(std::max_align_t)
                ? std::malloc(size)
                : std::aligned_alloc(align, (size + align - 1) / align * align);
  return p;
}

}  // namespace

// Every replaceable allocation form (C++17 [new.delete]); the others forward to these.
void* operator new(size_t size) {
  void* p = counted_alloc(size, 0);
  if (!p) throw std::bad_alloc();
  return p;
}
void* operator new[](size_t size) {
  return operator new(size);
}
void* operator new(size_t size, std::align_val_t al) {
  void* p = counted_alloc(size, static_cast<size_t>(al));
  if (!p) throw std::bad_alloc();
  return p;
}
void* operator new[](size_t size, std::align_val_t al) {
  return operator new(size, al);
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  return counted_alloc(size, 0);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return counted_alloc(size, 0);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, size_t, std::align_val_t) noexcept {
  std::free(p);
}

namespace canon::auth_testing {
namespace {

const char* kExample = R"(
$TTL 3600
@        SOA   ns1 hostmaster 1 7200 900 1209600 300
@        NS    ns1
ns1      A     192.0.2.53
www  300 A     192.0.2.1
www  300 AAAA  2001:db8::1
mail     MX    10 mx1
mx1      A     192.0.2.25
alias    CNAME www
c1       CNAME c2
c2       CNAME cross
cross    CNAME www.example.net.
loop1    CNAME loop2
loop2    CNAME loop1
*.wild   A     192.0.2.77
*.wc     CNAME www
sub      NS    ns.sub
sub      DS    12345 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
ns.sub   A     192.0.2.100
dn       DNAME example.net.
long     DNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.net.
)";

const char* kExampleNet = R"(
$TTL 3600
@        SOA   ns hostmaster 1 7200 900 1209600 600
@        NS    ns
ns       A     198.51.100.53
www      A     198.51.100.1
x        A     198.51.100.2
)";

// 40 TXT records of 40 octets: about 2 KB, more than 512 and more than a 1232 EDNS buffer.
std::string big_zone() {
  std::string z =
      "$TTL 3600\n@ SOA ns hostmaster 1 7200 900 1209600 300\n@ NS ns\nns A 192.0.2.9\n";
  for (int i = 0; i < 40; ++i) {
    z += "big TXT \"" + std::string(36, 'a') + std::to_string(1000 + i) + "\"\n";
  }
  return z;
}

struct Probe {
  std::string label;
  std::vector<uint8_t> wire;
  Transport transport = Transport::kUdp;
  std::string rcode;  // expected, to show the query took the intended path
  bool tc = false;
};

Probe probe(const std::string& label, const Ask& a, const std::string& rcode, bool tc = false) {
  return {label, make_query(a), a.transport, rcode, tc};
}

std::vector<Probe> probes() {
  std::vector<Probe> p = {
      probe("positive", {.qname = "www.example."}, "NOERROR"),
      probe("positive, EDNS", {.qname = "www.example.", .qtype = "AAAA", .edns = true}, "NOERROR"),
      probe("MX with additional", {.qname = "mail.example.", .qtype = "MX"}, "NOERROR"),
      probe("CNAME chain across zones", {.qname = "c1.example.", .edns = true}, "NOERROR"),
      probe("NXDOMAIN", {.qname = "nope.example.", .edns = true}, "NXDOMAIN"),
      probe("NODATA", {.qname = "www.example.", .qtype = "TXT"}, "NOERROR"),
      probe("referral", {.qname = "host.sub.example."}, "NOERROR"),
      probe("DS at the cut", {.qname = "sub.example.", .qtype = "DS"}, "NOERROR"),
      probe("wildcard", {.qname = "x.wild.example."}, "NOERROR"),
      probe("wildcard CNAME", {.qname = "x.wc.example.", .edns = true}, "NOERROR"),
      probe("DNAME", {.qname = "x.dn.example.", .edns = true}, "NOERROR"),
      probe("DNAME YXDOMAIN",
            {.qname =
                 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
                 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.long.example."},
            "YXDOMAIN"),
      probe("CNAME loop with EDE", {.qname = "loop1.example.", .edns = true}, "SERVFAIL"),
      probe("ANY", {.qname = "www.example.", .qtype = "ANY"}, "NOERROR"),
      probe("REFUSED", {.qname = "www.other.test."}, "REFUSED"),
      probe("BADVERS", {.qname = "www.example.", .edns = true, .version = 1}, "BADVERS"),
      probe("truncation without EDNS", {.qname = "big.big.test.", .qtype = "TXT"}, "NOERROR", true),
      probe("truncation with EDNS 1232", {.qname = "big.big.test.", .qtype = "TXT", .edns = true},
            "NOERROR", true),
      probe("TCP, large answer",
            {.qname = "big.big.test.", .qtype = "TXT", .transport = Transport::kTcp}, "NOERROR"),
  };
  std::vector<uint8_t> formerr = make_query({.qname = "www.example."});
  formerr[5] = 2;  // QDCOUNT 2 with one question
  p.push_back({"FORMERR (QDCOUNT 2)", formerr, Transport::kUdp, "FORMERR"});
  std::vector<uint8_t> garbled = make_query({.qname = "www.example."});
  garbled[12] = 0xc0;  // a compression pointer to itself in the question
  garbled[13] = 12;
  p.push_back({"FORMERR (pointer loop)", garbled, Transport::kUdp, "FORMERR"});
  std::vector<uint8_t> update = make_query({.qname = "www.example."});
  update[2] = static_cast<uint8_t>(5 << 3);  // opcode UPDATE
  p.push_back({"NOTIMP (UPDATE)", update, Transport::kUdp, "NOTIMP"});
  return p;
}

TEST(NoAlloc, RespondAllocatesNothing) {
  Catalog c = make_catalog(
      {{"example.", kExample}, {"example.net.", kExampleNet}, {"big.test.", big_zone()}});
  AuthOptions opt;
  std::vector<uint8_t> out(65535);
  // The responder keeps one per-thread EDE buffer, made on its first use in a thread (a worker
  // pays it once at its first query, not per query): make it here, outside the count.
  respond(c, opt, Transport::kUdp, make_query({.qname = "loop1.example.", .edns = true}), out);
  for (const Probe& p : probes()) {
    SCOPED_TRACE(p.label);
    g_allocations = 0;
    g_counting = true;
    size_t n = respond(c, opt, p.transport, p.wire, out);
    g_counting = false;
    EXPECT_EQ(g_allocations, 0u) << "last allocation: " << g_last_size << " octets";
    ASSERT_GT(n, 0u);
    Reply r = decode_reply(std::span<const uint8_t>(out.data(), n));
    EXPECT_EQ(to_string(r.rcode), p.rcode);
    EXPECT_EQ(r.msg.header.tc, p.tc);
  }
}

// The counter sees allocations made inside respond(): the first EDNS answer in a new thread
// builds that thread's EDE buffer (a test that cannot fail is no test).
TEST(NoAlloc, CounterSeesAllocationsInRespond) {
  Catalog c = make_catalog({{"example.", kExample}, {"example.net.", kExampleNet}});
  std::vector<uint8_t> out(4096);
  std::vector<uint8_t> q = make_query({.qname = "loop1.example.", .edns = true});
  size_t first = 0, second = 0;
  std::thread t([&] {
    for (size_t* count : {&first, &second}) {
      g_allocations = 0;
      g_counting = true;
      respond(c, {}, Transport::kUdp, q, out);
      g_counting = false;
      *count = g_allocations;
    }
  });
  t.join();
  EXPECT_GT(first, 0u);
  EXPECT_EQ(second, 0u);
}

}  // namespace
}  // namespace canon::auth_testing
