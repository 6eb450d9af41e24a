// Blackbox tests of the typed cleaning rules: --dates, --numbers, --booleans, --infer-rows.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "csv_cli_fixture.hpp"
#include "json_text.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

// Windows-1252, ';', Excel's sep= line, CRLF; EU/US/ISO dates, money, booleans, an ambiguous
// date column and a null.
constexpr std::string_view kTypedMessy =
    "sep=;\r\nOrder ID;Date (EU);US Date;Amount ($);Betrag;Paid?;Created;Ambig\r\n"
    "1; 03.04.2024 ;1/13/2024;$1,234.50;\"1.234,56\";yes;2024-01-13 10:00:00;01/02/2024\r\n"
    "2;13/01/2024;2/3/24;(12.00);99,00;N;13.01.2024T09:15+0100;03/04/2024\r\n"
    "3;N/A;12/31/2023;USD 7;-0,5 \x80;TRUE;Jan 5 2024 3:04 PM;05/06/2024\r\n";
constexpr std::string_view kTypedClean =
    "order_id,date_eu,us_date,amount,betrag,paid,created,ambig\n"
    "1,2024-04-03,2024-01-13,1234.50,1234.56,true,2024-01-13T10:00:00,01/02/2024\n"
    "2,2024-01-13,2024-02-03,-12.00,99.00,false,2024-01-13T09:15+01:00,03/04/2024\n"
    "3,,2023-12-31,7,-0.5,true,2024-01-05T15:04,05/06/2024\n";
constexpr std::string_view kAmbiguousWarning =
    "column 'ambig': every date reads as day/month and as month/day; left as it is (use "
    "--date-order dmy or mdy)";

using CsvTypedCliTest = CsvCliFixture;

TEST_F(CsvTypedCliTest, MessyFileToExactTypedBytesWithSummary) {
  dir_.write("in.csv", kTypedMessy);
  auto result = gofer({"normalize", "--clean", "--dates", "iso", "--numbers", "--booleans",
                       "in.csv", "-o", "out.csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.read("out.csv"), kTypedClean);
  EXPECT_NE(result.err.find(", dates 8, numbers 6, booleans 3;"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("  warning: " + std::string(kAmbiguousWarning) + "\n"),
            std::string::npos)
      << result.err;
  auto again =
      gofer({"normalize", "-q", "--clean", "--dates", "iso", "--numbers", "--booleans", "out.csv"});
  EXPECT_EQ(again.out, kTypedClean);  // typed output is a fixed point
}

TEST_F(CsvTypedCliTest, JsonAndReportCarryTheCountsAndWarnings) {
  dir_.write("in.csv", kTypedMessy);
  auto result = gofer({"normalize", "--json", "--clean", "--dates", "iso", "--numbers",
                       "--booleans", "in.csv", "-o", "out.csv", "--report", "r.json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  auto object = parse_json_lines(result.out).front();
  EXPECT_EQ(object["cleaning"]["dates"], 8);
  EXPECT_EQ(object["cleaning"]["numbers"], 6);
  EXPECT_EQ(object["cleaning"]["booleans"], 3);
  EXPECT_EQ(object["cleaning"]["dates_not_fitting"], 0);
  EXPECT_EQ(object["cleaning"]["inferred_rows"], 3);
  EXPECT_EQ(object["warnings"], nlohmann::json::array({kAmbiguousWarning}));
  auto report = nlohmann::json::parse(dir_.read("r.json"));
  EXPECT_EQ(report[0]["cleaning"], object["cleaning"]);
}

TEST_F(CsvTypedCliTest, InferRowsAndNotFittingCounts) {
  auto result = gofer({"normalize", "--json", "--dates", "iso", "--date-order", "auto",
                       "--infer-rows", "2", "-", "-o", "out.csv"},
                      "d\n13/01/2024\n14/01/2024\nsoon\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.read("out.csv"), "d\n2024-01-13\n2024-01-14\nsoon\n");
  auto object = parse_json_lines(result.out).front();
  EXPECT_EQ(object["cleaning"]["dates_not_fitting"], 1);
  auto human = gofer({"normalize", "--dates", "iso", "--infer-rows", "2", "-", "-o", "out.csv"},
                     "d\n13/01/2024\n14/01/2024\nsoon\n");
  EXPECT_NE(human.err.find(", dates 2, dates not fitting 1;"), std::string::npos) << human.err;
}

TEST_F(CsvTypedCliTest, ForcedOrderAndDecimalComma) {
  auto result = gofer(
      {"normalize", "-q", "--dates", "iso", "--date-order", "mdy", "--numbers", "--decimal-comma"},
      "d,n\n01/02/2024,\"1,234\"\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "d,n\n2024-01-02,1.234\n");
}

TEST_F(CsvTypedCliTest, SniffPrintsTypesWithTheSameInference) {
  dir_.write("in.csv", kTypedMessy);
  auto human = gofer({"sniff", "in.csv"});
  EXPECT_EQ(human.exit_code, 0) << human.err;
  EXPECT_NE(human.out.find("columns: 8\n"), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("types from: 3 rows\n"), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("    2  Date (EU)  date (dmy)\n"), std::string::npos) << human.out;
  auto json = gofer({"sniff", "--json", "--infer-rows", "1", "in.csv"});
  auto object = parse_json_lines(json.out).front();
  EXPECT_EQ(object["sampled_rows"], 1);
  std::vector<std::string> types;
  for (const auto& column : object["columns"]) types.push_back(column["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"int", "date (ambiguous dmy/mdy)", "date (mdy)",
                                             "float", "decimal-comma", "bool", "datetime (ymd)",
                                             "date (ambiguous dmy/mdy)"}));
  auto all = parse_json_lines(gofer({"sniff", "--json", "in.csv"}).out).front();
  EXPECT_EQ(all["columns"][1]["type"], "date (dmy)");
  EXPECT_EQ(all["columns"][6]["type"], "datetime (dmy)");
}

TEST_F(CsvTypedCliTest, BadValuesAreUsageErrors) {
  dir_.write("in.csv", "a\n1\n");
  const std::vector<std::vector<std::string>> bad = {
      {"normalize", "--dates", "iso", "--date-order", "ydm", "in.csv"},
      {"normalize", "--dates", "american", "in.csv"},
      {"normalize", "--date-order", "dmy", "in.csv"},
      {"normalize", "--decimal-comma", "in.csv"},
      {"normalize", "--numbers", "--infer-rows", "0", "in.csv"},
      {"normalize", "--numbers", "--infer-rows", "-3", "in.csv"},
      {"normalize", "--numbers", "--infer-rows", "many", "in.csv"},
      {"sniff", "--infer-rows", "0", "in.csv"},
  };
  for (const auto& args : bad) {
    auto result = gofer(args);
    EXPECT_EQ(result.exit_code, 2) << args[1] << " " << args[2] << ": " << result.err;
    EXPECT_EQ(result.out, "") << result.out;
    EXPECT_NE(result.err, "");
  }
  EXPECT_NE(gofer(bad[2]).err.find("--date-order needs --dates iso"), std::string::npos);
  EXPECT_NE(gofer(bad[3]).err.find("--decimal-comma needs --numbers"), std::string::npos);
  EXPECT_NE(gofer(bad[4]).err.find("--infer-rows must be at least 1"), std::string::npos);
}

}  // namespace
}  // namespace gofer::testing
