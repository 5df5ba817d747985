// JSON (schema "canon.check/1") and text forms of a CheckResult.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/check_model.h"
#include "cli/terminal.h"

namespace canon::cli::check {

nlohmann::json to_json(const CheckResult& r);
nlohmann::json to_json(const Takeover& k);
std::string to_text(const CheckResult& r, const Style& st);

}  // namespace canon::cli::check
