// RecordPipe: hands parsed records from the thread that parses a zone file to the thread that
// adds them to a ZoneBuilder, so that on two cores the builder's share of loading (interning
// owners, copying rdata) runs beside the parse instead of after each record (load_zone).
//
//   RecordPipe pipe;
//   std::thread adder([&] { pipe.drain([&](const ParsedRecord& r) { builder.add(r); }); });
//   parse_zone_file(path, opt, [&](const ParsedRecord& r) { pipe.push(r); });
//   pipe.close();
//   adder.join();
//
// Records travel in batches of about 64 KiB, so the two threads meet a few hundred times for a
// million records rather than once a record. Within a batch each record is its fields and rdata
// back to back; its owner and file are written only when they differ from the previous
// record's (zone files group records by owner). The consumer sees every field as pushed, in
// order. At most `max_batches` wait at a time: a slow consumer holds the producer back rather
// than letting the batches grow without bound.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "zonefile/zonefile.h"

namespace canon {

class RecordPipe {
 public:
  explicit RecordPipe(size_t max_batches = 8) : max_batches_(max_batches) {}

  // Producer side.
  void push(const ParsedRecord& r);
  void close();  // after the last push(); drain() returns once it has passed everything on

  // Consumer side: calls `sink` for every record pushed, in order, until close().
  void drain(const RecordSink& sink);

 private:
  using Batch = std::vector<uint8_t>;
  void hand_off();        // producer: queues `filling_` and starts a fresh batch
  bool take(Batch& out);  // consumer: the next batch, waiting for one; false once closed and empty
  void recycle(Batch&& b);

  const size_t max_batches_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> full_;
  std::vector<Batch> spare_;  // emptied batches, reused so that their pages stay mapped
  bool closed_ = false;

  // Producer state.
  Batch filling_;
  uint8_t owner_[Name::kMaxWire] = {};
  size_t owner_len_ = 0;  // 0: no owner sent yet in this pipe
  std::string file_;
  bool file_sent_ = false;
};

}  // namespace canon
