// RFC 6672 §2.2, the table of DNAME substitutions, as answers: for each row a zone holds the
// DNAME, the query is QNAME/A, and the first CNAME the server synthesizes must point at the
// table's result ("<no match>": no CNAME is synthesized at all).
#include <gtest/gtest.h>

#include "auth/auth_test_util.h"

namespace canon {
namespace {

using namespace auth_testing;

struct Row {
  const char* qname;
  const char* owner;
  const char* target;
  const char* result;  // nullptr: <no match>
};

// The rows of RFC 6672 §2.2 (the "com." row asks a name above the zone: nothing to match).
constexpr Row kRows[] = {
    {"com.", "example.com.", "example.net.", nullptr},
    {"example.com.", "example.com.", "example.net.", nullptr},  // [0]: QTYPE A, see below
    {"a.example.com.", "example.com.", "example.net.", "a.example.net."},
    {"a.b.example.com.", "example.com.", "example.net.", "a.b.example.net."},
    {"ab.example.com.", "b.example.com.", "example.net.", nullptr},
    {"foo.example.com.", "example.com.", "example.net.", "foo.example.net."},
    {"a.x.example.com.", "x.example.com.", "example.net.", "a.example.net."},
    {"a.example.com.", "example.com.", "y.example.net.", "a.y.example.net."},
    {"cyc.example.com.", "example.com.", "example.com.", "cyc.example.com."},
    {"cyc.example.com.", "example.com.", "c.example.com.", "cyc.c.example.com."},
    {"shortloop.x.x.", "x.", ".", "shortloop.x."},
    {"shortloop.x.", "x.", ".", "shortloop."},
};

// A zone at `owner`'s apex when the DNAME owns the apex, else at example.com.
Catalog catalog_for(const Row& r) {
  Name owner = *Name::parse(r.owner);
  std::string origin = owner.label_count() <= 2 ? r.owner : "example.com.";
  std::string text = "@ 3600 SOA ns.invalid. hm.invalid. 1 2 3 4 300\n@ 3600 NS ns.invalid.\n";
  text += std::string(r.owner) + " 3600 DNAME " + r.target + "\n";
  return make_catalog({{origin, text}});
}

// The target of the first CNAME in the answer owned by `qname`, or "" when there is none.
std::string synthesized_target(const Reply& reply, const char* qname) {
  for (const auto& rr : reply.msg.answer)
    if (rr.type == RRType::CNAME && rr.owner == *Name::parse(qname))
      return Name::from_wire(rr.rdata)->to_string();
  return "";
}

TEST(Rfc6672, Section22SubstitutionTable) {
  for (const Row& r : kRows) {
    SCOPED_TRACE(std::string(r.qname) + " under DNAME " + r.owner + " -> " + r.target);
    Catalog c = catalog_for(r);
    Reply reply = ask(c, {.qname = r.qname, .qtype = "A"});
    EXPECT_EQ(synthesized_target(reply, r.qname), r.result ? r.result : "");
    if (r.result) {
      // The DNAME itself comes first, then the synthesized CNAME with the DNAME's TTL (§3.1).
      ASSERT_GE(reply.answer.size(), 2u);
      EXPECT_EQ(reply.answer[0], std::string(r.owner) + " 3600 IN DNAME " + r.target);
      EXPECT_EQ(reply.answer[1], std::string(r.qname) + " 3600 IN CNAME " + r.result);
    }
  }
}

// Note [0] of the table: at the DNAME's own name, a DNAME query gets the DNAME itself.
TEST(Rfc6672, OwnerNameAskedForDnameGetsTheRecord) {
  Catalog c = catalog_for(kRows[1]);
  Reply reply = ask(c, {.qname = "example.com.", .qtype = "DNAME"});
  EXPECT_EQ(reply.rcode, Rcode::NOERROR);
  EXPECT_EQ(reply.answer, Lines{"example.com. 3600 IN DNAME example.net."});
}

}  // namespace
}  // namespace canon
