// Test helpers for src/resolver: a FakeNetwork whose "servers" are real authoritative catalogs
// answered by canon::respond() (the auth engine), or handlers written in the test (a forwarder
// that chases and fails, a server that times out), plus zone and name shorthands.
//
//   FakeNetwork net(clock);
//   net.serve("192.0.2.1", make_catalog({{"example.", "@ SOA ns hm 1 2 3 4 300\nwww A
//   192.0.2.7"}})); net.handle("192.0.2.4", [](const Message& q) -> std::optional<Message> { ...
//   }); auto r = net.send(addr("192.0.2.1"), make_query(n("www.example."), RRType::A),
//   Millis(500));
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "auth/auth_test_util.h"
#include "resolver/network.h"
#include "resolver/rrset.h"
#include "resolver/stub_client.h"

namespace canon::resolver::testing {

using auth_testing::Lines;
using auth_testing::make_catalog;
using auth_testing::ZoneText;

inline Name n(const std::string& s) {
  return *Name::parse(s);
}
inline ListenAddress addr(const std::string& s) {
  return *parse_listen_address(s);
}

struct SentQuery {
  std::string server;  // "192.0.2.1:53"
  Name qname;
  RRType qtype;
  bool rd;
};

class FakeNetwork final : public Network {
 public:
  using Handler = std::function<std::optional<Message>(const Message&)>;

  explicit FakeNetwork(ManualClock& clock) : clock_(clock) {}

  // The server answers from `zones` with the authoritative engine.
  void serve(const std::string& server, Catalog zones) {
    auto cat = std::make_shared<Catalog>(std::move(zones));
    handle(server, [cat](const Message& q) -> std::optional<Message> {
      std::vector<uint8_t> wire = q.encode();
      std::vector<uint8_t> out(65535);
      size_t len = respond(*cat, AuthOptions{}, canon::Transport::kUdp, wire, out);
      if (!len) return std::nullopt;
      out.resize(len);
      auto m = Message::decode(out);
      return m ? std::optional<Message>(*m) : std::nullopt;
    });
  }
  // nullopt from the handler is a timeout.
  void handle(const std::string& server, Handler h) { handlers_[key(server)] = std::move(h); }
  void set_rtt(const std::string& server, Millis rtt) { rtts_[key(server)] = rtt; }

  Result<Message> send(const ListenAddress& server, const Message& query, Millis timeout) override {
    std::string k = server.to_string();
    sent.push_back({k, query.questions.at(0).name, query.questions.at(0).type, query.header.rd});
    auto it = handlers_.find(k);
    std::optional<Message> reply;
    if (it != handlers_.end()) reply = it->second(query);
    if (!reply) {
      clock_.advance(timeout);
      return Error("timed out", kNetTimeout);
    }
    auto rtt = rtts_.find(k);
    clock_.advance(rtt == rtts_.end() ? Millis(10) : rtt->second);
    reply->header.id = query.header.id;
    return *reply;
  }

  // Queries sent to `server` ("" for every server), as "qname TYPE".
  Lines asked(const std::string& server = "") const {
    Lines out;
    for (const auto& s : sent)
      if (server.empty() || s.server == key(server))
        out.push_back(s.qname.to_string() + " " + to_string(s.qtype));
    return out;
  }

  std::vector<SentQuery> sent;

 private:
  static std::string key(const std::string& s) { return addr(s).to_string(); }

  ManualClock& clock_;
  std::map<std::string, Handler> handlers_;
  std::map<std::string, Millis> rtts_;
};

// Presentation lines of a list of RRsets.
inline Lines lines(const std::vector<RRset>& sets) {
  Lines out;
  for (const auto& s : sets)
    for (auto& l : s.to_lines()) out.push_back(l);
  return out;
}

// Records from zone-file lines with absolute names ("a.example. 300 IN A 192.0.2.1").
inline std::vector<ResourceRecord> records(const Lines& text) {
  std::string all;
  for (const auto& l : text) all += l + "\n";
  std::vector<ResourceRecord> out;
  ParseOptions po{.origin = Name::root(), .default_ttl = 300};
  ParseSummary s = parse_zone_text(all, "test", po, [&](const ParsedRecord& r) {
    out.push_back({r.owner, r.type, r.cls, r.ttl, {r.rdata.begin(), r.rdata.end()}});
  });
  for (const auto& d : s.diagnostics) ADD_FAILURE() << d.to_string();
  return out;
}

// A reply to `q`, as a forwarder would send it.
inline Message reply_with(const Message& q, Rcode rc, const Lines& answer,
                          const Lines& authority = {}) {
  Message m;
  m.header.id = q.header.id;
  m.header.qr = true;
  m.header.rd = q.header.rd;
  m.header.ra = true;
  m.questions = q.questions;
  m.answer = records(answer);
  m.authority = records(authority);
  m.set_rcode(rc);
  return m;
}

}  // namespace canon::resolver::testing
