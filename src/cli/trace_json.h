// The JSON form of a Trace (`canon trace --json`), schema "canon.trace/1". Stable: fields are
// only ever added. Documented in docs/ARCHITECTURE.md ("trace and check").
#pragma once

#include <nlohmann/json.hpp>

#include "cli/trace_model.h"

namespace canon::cli::trace {

nlohmann::json to_json(const Trace& t);
nlohmann::json to_json(const Flag& f);

}  // namespace canon::cli::trace
