// Zone files are parsed in pieces (FileChunks): what parse_zone_file() reports must be what
// parse_zone_text() reports for the same text, whatever falls on a piece's edge — entries in
// parentheses across it, an entry longer than a piece, errors after it, no final newline.
#include "zonefile/file_io.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "wire/rdata.h"
#include "zonefile/zonefile.h"

namespace canon {
namespace {

struct Out {
  std::vector<std::string> lines;  // records, then diagnostics
  size_t errors = 0;
  bool operator==(const Out&) const = default;
};

ParseOptions options() {
  ParseOptions opt;
  opt.origin = *Name::parse("example.", &Name::root());
  return opt;
}

RecordSink collect(Out& o) {
  return [&o](const ParsedRecord& r) {
    o.lines.push_back(r.owner.to_string() + " " + std::to_string(r.ttl) + " " + to_string(r.type) +
                      " " + rdata_to_text(r.type, r.rdata) + " @" + std::to_string(r.line) + ":" +
                      std::to_string(r.col));
  };
}

void add_diagnostics(Out& o, const ParseSummary& s) {
  for (const auto& d : s.diagnostics) o.lines.push_back(d.to_string());
  o.errors = s.errors;
}

class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/canon-file-io-test-XXXXXX";
    int fd = ::mkstemp(name);
    EXPECT_GE(fd, 0);
    ::close(fd);
    path_ = name;
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The same text through both entry points, the file one named like the text one.
void expect_same(const std::string& text) {
  TempFile f(text);
  Out from_text, from_file;
  add_diagnostics(from_text, parse_zone_text(text, f.path(), options(), collect(from_text)));
  add_diagnostics(from_file, parse_zone_file(f.path(), options(), collect(from_file)));
  EXPECT_EQ(from_file.errors, from_text.errors);
  ASSERT_EQ(from_file.lines.size(), from_text.lines.size());
  for (size_t i = 0; i < from_text.lines.size(); ++i)
    ASSERT_EQ(from_file.lines[i], from_text.lines[i]) << "line " << i;
}

std::string head() {
  return "$TTL 3600\n@ SOA ns hostmaster 1 7200 900 1209600 300\n";
}

TEST(FileChunks, ManyPiecesWithEntriesAcrossTheirEdges) {
  std::string text = head();
  // Records of varied lengths, a multi-line entry every other one, a comment and a blank owner now
  // and then: edges of 256 KiB pieces fall everywhere in 1 MB of text.
  for (int i = 0; text.size() < 4 * zonefile::FileChunks::kChunk + 1000; ++i) {
    std::string host = "h" + std::to_string(i);
    if (i % 2 == 0) {
      text += host + " IN TXT ( \"a" + std::to_string(i) + "\"\n   \"b\" ; note\n )\n";
    } else if (i % 11 == 1) {
      text += "; a comment line " + std::string(static_cast<size_t>(i % 40), 'x') + "\n\n";
    } else {
      text += host + " 300 IN A 192.0.2." + std::to_string(i % 250) + "\n";
      text += "   IN AAAA 2001:db8::" + std::to_string(i % 1000) + "\n";
    }
  }
  expect_same(text);
}

TEST(FileChunks, AnEntryLongerThanAPiece) {
  std::string text = head() + "big IN TXT (\n";
  for (size_t i = 0; text.size() < 3 * zonefile::FileChunks::kChunk; ++i)
    text += " \"" + std::to_string(i) + "\"\n";
  text += ")\nafter A 192.0.2.1\n";
  expect_same(text);
}

TEST(FileChunks, ErrorsKeepTheirLinesAfterManyPieces) {
  std::string text = head();
  for (int i = 0; text.size() < 2 * zonefile::FileChunks::kChunk; ++i)
    text += "n" + std::to_string(i) + " A 192.0.2.1\n";
  text += "bad A 300.0.0.1\nx TXT \"unterminated\n( y A 192.0.2.2\n";
  expect_same(text);
}

TEST(FileChunks, NoFinalNewlineAndEscapedNewlines) {
  std::string text = head();
  for (int i = 0; text.size() < zonefile::FileChunks::kChunk + 10; ++i)
    text += "q" + std::to_string(i) + " TXT \"line\\\none\"\n";
  text += "last A 192.0.2.9";
  expect_same(text);
}

TEST(FileChunks, UnreadableFileIsOneErrorWithoutLine) {
  ParseSummary s = parse_zone_file("/nonexistent/db.x", options(), [](const ParsedRecord&) {});
  ASSERT_EQ(s.errors, 1u);
  EXPECT_EQ(s.diagnostics[0].line, 0u);
  EXPECT_NE(s.diagnostics[0].message.find("cannot open '/nonexistent/db.x'"), std::string::npos);
  s = parse_zone_file("/tmp", options(), [](const ParsedRecord&) {});
  ASSERT_EQ(s.errors, 1u);
  EXPECT_NE(s.diagnostics[0].message.find("cannot read '/tmp'"), std::string::npos);
}

}  // namespace
}  // namespace canon
