// The text output of `canon query`: dig-like (header, flags, EDE, OPT pseudo-section, the
// sections, then time, server, date and size) and the +short form. JSON is in query_json.h.
//
//   QueryReport rep{args, response, "127.0.0.1#5353(127.0.0.1)", std::time(nullptr)};
//   std::fputs(format_text(rep, Style::for_stream(stdout)).c_str(), stdout);
#pragma once

#include <ctime>
#include <string>

#include "cli/query_args.h"
#include "cli/terminal.h"
#include "resolver/stub_client.h"
#include "wire/message.h"

namespace canon::cli {

struct QueryReport {
  const QueryArgs& args;
  const StubResponse& response;
  std::string server;  // as dig shows it: "127.0.0.1#5353(127.0.0.1)"
  std::time_t when = 0;
};

// dig-like text. A name holding A-labels is followed by a comment with its Unicode form (unless
// +noidnout).
std::string format_text(const QueryReport& rep, const Style& st);

// +short: the rdata of each answer record, one per line.
std::string format_short(const Message& m);

// "; bücher.example." for a record whose owner or rdata names hold valid A-labels, else "".
std::string idn_comment(const ResourceRecord& rr);

}  // namespace canon::cli
