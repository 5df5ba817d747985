// canon query: ask one DNS server one question and show the answer, dig-like (query_print.h)
// or as RFC 8427 JSON (query_json.h). Arguments are read as dig reads them (query_args.h).
#include <netdb.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/query_args.h"
#include "cli/query_json.h"
#include "cli/query_print.h"
#include "cli/terminal.h"
#include "resolver/stub_client.h"

namespace canon::cli {

namespace {

constexpr const char* kHelp = R"(canon query - ask a DNS server one question, like dig

Usage:
  canon query [@SERVER] [-p PORT] [-t TYPE] [-c CLASS] [-x ADDR] NAME [TYPE] [CLASS] [+opt...]

NAME, TYPE and CLASS may come in any order; a word that is a type (or class) mnemonic is taken
as the type (or class) the first time, as dig does. NAME may be Unicode: U-labels become
A-labels (IDNA2008 with the UTS #46 mapping), so bücher.example is sent as
xn--bcher-kva.example. Names with A-labels are shown with their Unicode form in a comment.

SERVER is an IPv4 or IPv6 address or a host name; the default is the first `nameserver` of
/etc/resolv.conf. The defaults are UDP, port 53, type A, class IN, recursion desired, EDNS
with a 1232-octet buffer; a truncated UDP answer is retried over TCP.

Options (each also takes a `no` form, e.g. +notcp, +norec):
  +tcp, +vc        query over TCP (RFC 7766) instead of UDP
  +ignore          do not retry over TCP when a UDP answer is truncated (TC)
  +[no]rec         set (default) or clear RD, recursion desired
  +[no]edns        send an OPT record (default), RFC 6891
  +bufsize=N       EDNS UDP size to advertise, 512-65535 (default 1232)
  +dnssec          set the DO bit (RFC 3225)
  +cdflag, +adflag set CD or AD in the query
  +time=N          seconds to wait for each try (default 2)
  +tries=N         UDP tries (default 2); +retry=N is tries N+1
  +json            print the response as JSON (RFC 8427), with an "EDE" list
  +short           print only the rdata of the answer section
  +[no]idnout      show the Unicode form of IDN names in comments (default on)
  +color, +nocolor colour always or never (default: on a terminal, unless NO_COLOR is set)

Output: the header (opcode, status, id), flags, the OPT pseudo-section with any Extended DNS
Error (RFC 8914: info code, its name and EXTRA-TEXT, e.g. "CNAME loop at a.example."), the
question, answer, authority and additional sections, then the query time, the server, the date
and the response size.

Examples:
  canon query @127.0.0.1 -p 5353 www.example.com             # A record, over UDP
  canon query @127.0.0.1 -p 5353 example.com MX +norec       # MX, recursion not desired
  canon query @::1 AAAA www.example.com +tcp                 # type before name, over TCP
  canon query @127.0.0.1 -p 5353 loop.example.com +json      # JSON; EDE under "EDE"
  canon query bücher.example                                 # IDN: sent as xn--bcher-kva
  canon query -x 192.0.2.1                                   # PTR for 1.2.0.192.in-addr.arpa.
  canon query @127.0.0.1 version.bind TXT CH                 # class CHAOS

Exit status: 0 a response arrived (whatever its rcode: NXDOMAIN and SERVFAIL are answers),
1 no response (timeout, connection refused, malformed reply), 64 usage error (bad option,
type, class or name).)";

struct Flags {
  std::vector<std::string> words;
  int port = 53;
  std::string type, cls, reverse;
};

Status collect(const Flags& f, QueryArgs& a) {
  a.port = static_cast<uint16_t>(f.port);
  if (!f.type.empty())
    if (auto s = set_query_type(f.type, a); !s) return s;
  if (!f.cls.empty())
    if (auto s = set_query_class(f.cls, a); !s) return s;
  if (!f.reverse.empty())
    if (auto s = set_reverse_name(f.reverse, a); !s) return s;
  return parse_query_words(f.words, a);
}

std::string default_server() {
  std::ifstream in("/etc/resolv.conf");
  std::stringstream ss;
  ss << in.rdbuf();
  // No nameserver line: the resolver library's own default (resolv.conf(5)).
  return first_nameserver(ss.str()).value_or("127.0.0.1");
}

// The server's address, from a literal or through the system's resolver for a host name.
Result<ListenAddress> resolve_server(std::string host, uint16_t port) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* res = nullptr;
  std::string service = std::to_string(port);
  int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &res);
  if (rc != 0) return Error("cannot resolve server '" + host + "': " + ::gai_strerror(rc));
  ListenAddress a;
  std::memcpy(&a.storage, res->ai_addr, res->ai_addrlen);
  a.length = res->ai_addrlen;
  ::freeaddrinfo(res);
  return a;
}

// "127.0.0.1#5353(127.0.0.1)", as dig names the server it asked.
std::string server_label(const ListenAddress& addr, const std::string& asked) {
  std::string peer = format_peer(addr.storage);
  return peer + "(" + asked + ")";
}

Style pick_style(ColorMode mode) {
  if (mode == ColorMode::kAlways) return Style(true);
  if (mode == ColorMode::kNever) return Style(false);
  return Style::for_stream(stdout);
}

Message build_query(const QueryArgs& a) {
  Message q = make_query(a.name, a.type, a.rd, a.edns ? a.bufsize : 0);
  q.questions[0].cls = a.cls;
  q.header.cd = a.cd;
  q.header.ad = a.ad;
  if (q.edns) q.edns->dnssec_ok = a.dnssec;
  return q;
}

int run(const Flags& f) {
  QueryArgs a;
  if (auto s = collect(f, a); !s) {
    std::fprintf(stderr, "canon query: %s\n", s.error().message.c_str());
    return kExitUsage;
  }
  std::string host = a.server.empty() ? default_server() : a.server;
  auto addr = resolve_server(host, a.port);
  if (!addr) {
    std::fprintf(stderr, "canon query: %s\n", addr.error().message.c_str());
    return kExitWarnings;
  }
  StubOptions opt;
  opt.tcp = a.tcp;
  opt.tcp_fallback = !a.ignore_tc;
  opt.timeout_ms = a.timeout_s * 1000;
  opt.udp_tries = a.tries;
  auto r = stub_query(*addr, build_query(a), opt);
  if (!r) {
    std::fprintf(stderr, ";; no answer from %s: %s\n", format_peer(addr->storage).c_str(),
                 r.error().message.c_str());
    return kExitWarnings;
  }
  QueryReport rep{a, *r, server_label(*addr, host), std::time(nullptr)};
  std::string out = a.json         ? format_json(rep)
                    : a.short_form ? format_short(r->message)
                                   : format_text(rep, pick_style(a.color));
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

void register_query(CLI::App& parent, int& exit_code) {
  auto* sub = parent.add_subcommand("query", "Ask a DNS server one question, like dig");
  sub->footer(kHelp);
  auto f = std::make_shared<Flags>();
  sub->add_option("-p,--port", f->port, "server port (default 53)")
      ->check(CLI::Range(1, 65535))
      ->type_name("PORT");
  sub->add_option("-t,--type", f->type, "record type, e.g. AAAA or TYPE65401")->type_name("TYPE");
  sub->add_option("-c,--class", f->cls, "class: IN (default), CH, HS, CLASSnnn")
      ->type_name("CLASS");
  sub->add_option("-x,--reverse", f->reverse, "reverse lookup: PTR for an IPv4/IPv6 address")
      ->type_name("ADDR");
  sub->add_option("words", f->words, "[@SERVER] NAME [TYPE] [CLASS] [+option...]")
      ->type_name("ARGS");
  sub->callback([f, &exit_code] { exit_code = run(*f); });
}

}  // namespace canon::cli
