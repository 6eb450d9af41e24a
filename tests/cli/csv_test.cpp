// Blackbox tests of `gofer csv` against the real binary in fresh temp dirs.
#include <sys/resource.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "csv_cli_fixture.hpp"
#include "json_text.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMessy =
    "sep=;\r\nName;  Amount ($) ;City\r\nJos\xE9; 1.234,56 ;K\xF6ln\r\nAnn;N/A;\x80uro\r\n"
    "short;1\r\nlong;1;2;3\r\n\r\n\"multi\r\nline\";2;x\r\n";
constexpr std::string_view kMessyClean =
    "name,amount,city\nJos\xC3\xA9,\"1.234,56\",K\xC3\xB6ln\nAnn,,\xE2\x82\xAC"
    "uro\nshort,1,\n"
    "\"multi\r\nline\",2,x\n";  // a newline inside a value is data: kept as it is

using CsvCliTest = CsvCliFixture;

TEST_F(CsvCliTest, MessyExcelFileToExactCanonicalBytes) {
  dir_.write("in.csv", kMessy);
  auto result = gofer({"normalize", "--clean", "in.csv", "-o", "out.csv", "--rejects", "rej.csv"});
  EXPECT_EQ(result.exit_code, 1) << result.err;  // one rejected row
  EXPECT_EQ(dir_.read("out.csv"), kMessyClean);
  EXPECT_EQ(dir_.read("rej.csv"), "6,long,1,2,3\n");
  EXPECT_NE(result.err.find("WINDOWS-1252"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("1 rejected (line 6)"), std::string::npos) << result.err;
  EXPECT_EQ(result.out, "");
}

TEST_F(CsvCliTest, StdinToStdoutAndIdempotent) {
  auto first = gofer({"normalize", "-q"}, "a;b\r\n1;\"x;y\"\r\n");
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "a,b\n1,x;y\n");
  EXPECT_EQ(first.err, "");
  auto second = gofer({"normalize", "-q", "-"}, first.out);
  EXPECT_EQ(second.out, first.out);
}

// `--nulls NA,-` was refused ("At Most 1 required but received 3"): CLI11 counted the pieces
// of the comma list against the option's one value.
TEST_F(CsvCliTest, NullTokensAsACommaListOrRepeated) {
  dir_.write("in.csv", "name,age,city\nNA,-,x\nbob,41,NA\n");
  for (auto args :
       {std::vector<std::string>{"normalize", "-q", "--nulls=NA,-", "in.csv"},
        std::vector<std::string>{"normalize", "-q", "--nulls=NA", "--nulls=-", "in.csv"}}) {
    auto result = gofer(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "name,age,city\n,,x\nbob,41,\n");
  }
  auto only_x = gofer({"normalize", "-q", "--nulls=x", "in.csv"});
  EXPECT_EQ(only_x.out, "name,age,city\nNA,-,\nbob,41,NA\n");
}

// `--select a,b data.csv` took data.csv as a third column and read stdin instead.
TEST_F(CsvCliTest, ColumnListsTakeOneValueSoTheFileStaysAnInput) {
  dir_.write("in.csv", "name,age,city\nann,30,x\n");
  auto selected = gofer({"normalize", "-q", "--select", "city,name", "in.csv"});
  EXPECT_EQ(selected.exit_code, 0) << selected.err;
  EXPECT_EQ(selected.out, "city,name\nx,ann\n");
  auto dropped = gofer({"normalize", "-q", "--drop", "name", "--drop", "age", "in.csv"});
  EXPECT_EQ(dropped.exit_code, 0) << dropped.err;
  EXPECT_EQ(dropped.out, "city\nx\n");
}

TEST_F(CsvCliTest, InPlaceLeavesTheOriginalUntouchedOnFailure) {
  const std::string original = "a,b\n1,\"never closed\n2,3\n";
  dir_.write("data.csv", original);
  auto result = gofer({"normalize", "--in-place", "--backup", ".orig", "data.csv"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("line 2: unterminated quoted field"), std::string::npos) << result.err;
  EXPECT_EQ(dir_.snapshot(), (std::map<std::string, std::string>{{"data.csv", original}}));
}

TEST_F(CsvCliTest, InPlaceWithBackup) {
  dir_.write("data.csv", "a;b\n1;2\n");
  auto result = gofer({"normalize", "-q", "--in-place", "--backup", ".orig", "data.csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(dir_.snapshot(), (std::map<std::string, std::string>{{"data.csv", "a,b\n1,2\n"},
                                                                 {"data.csv.orig", "a;b\n1;2\n"}}));
}

TEST_F(CsvCliTest, RaggedErrorExitsThreeWithoutOutputFile) {
  dir_.write("in.csv", "a,b\n1,2\n3\n");
  auto result = gofer({"normalize", "--ragged", "error", "in.csv", "-o", "out.csv"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.err, "gofer: csv: line 3: 1 fields where the header has 2 (--ragged error)\n");
  EXPECT_FALSE(fs::exists(dir_.path() / "out.csv"));
}

TEST_F(CsvCliTest, OutDirInParallel) {
  for (int i = 0; i < 4; ++i) dir_.write("f" + std::to_string(i) + ".csv", "x|y\n1|2\n");
  auto result = gofer(
      {"normalize", "-q", "-j", "3", "--out-dir", "clean", "f0.csv", "f1.csv", "f2.csv", "f3.csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(dir_.read("clean/f" + std::to_string(i) + ".csv"), "x,y\n1,2\n");
}

TEST_F(CsvCliTest, CheckReportsProblemsAndExitsThree) {
  dir_.write("bad.csv", "id,name,name\n1,a\"b,2\n3,c\n4,\"open\n");
  auto result = gofer({"check", "--strict", "bad.csv"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.out,
            "bad.csv:1:1: duplicate header name 'name' in column 3\n"
            "bad.csv:2:4: quote inside an unquoted field\n"
            "bad.csv:3:1: field count 2 where the header has 3\n"
            "bad.csv:4:1: unterminated quoted field: the quote opened here is never closed\n");
  // Rows this ragged leave the delimiter in doubt, and that is said first.
  EXPECT_EQ(result.err,
            "bad.csv: warning: delimiter ',' guessed with low confidence 0.40 (3 columns); say "
            "--delimiter to be sure\n4 problems found\n");
  dir_.write("good.csv", "a,b\n1,2\n");
  EXPECT_EQ(gofer({"check", "good.csv"}).exit_code, 0);
}

TEST_F(CsvCliTest, CheckMaxErrorsAndJson) {
  std::string text = "a,b\n";
  for (int i = 0; i < 30; ++i) text += "1\n";
  dir_.write("many.csv", text);
  auto human = gofer({"check", "--max-errors", "2", "many.csv"});
  EXPECT_EQ(human.exit_code, 3);
  EXPECT_NE(human.out.find("many.csv: 28 more problems (30 in total)"), std::string::npos);
  auto json = gofer({"check", "--json", "--max-errors", "1", "many.csv"});
  auto first = nlohmann::json::parse(json.out.substr(0, json.out.find('\n')));
  EXPECT_EQ(first["type"], "problem");
  EXPECT_EQ(first["line"], 2);
  auto last = nlohmann::json::parse(json.out.substr(json.out.rfind('\n', json.out.size() - 2)));
  EXPECT_EQ(last["problems"], 30);
}

TEST_F(CsvCliTest, SniffHumanAndJson) {
  dir_.write("s.csv", "id\tprice\tday\n1\t2,50\t13/01/2024\n2\t3,75\t14/01/2024\n");
  auto human = gofer({"sniff", "s.csv"});
  EXPECT_EQ(human.exit_code, 0) << human.err;
  EXPECT_NE(human.out.find("delimiter: \\t\n"), std::string::npos) << human.out;
  auto json = gofer({"sniff", "--json", "s.csv"});
  auto object = parse_json_lines(json.out).front();
  EXPECT_EQ(object["dialect"]["delimiter"], "\t");
  EXPECT_EQ(object["columns"][0]["type"], "int");
  EXPECT_EQ(object["columns"][1]["type"], "decimal-comma");
  EXPECT_EQ(object["columns"][2]["type"], "date (dmy)");
}

TEST_F(CsvCliTest, NormalizeJsonNeedsAFileOutput) {
  dir_.write("in.csv", "a\n1\n");
  EXPECT_EQ(gofer({"normalize", "--json", "in.csv"}).exit_code, 2);
  auto result = gofer({"normalize", "--json", "in.csv", "-o", "out.csv", "--report", "r.json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto object = parse_json_lines(result.out).front();
  EXPECT_EQ(object["rows_out"], 2);
  EXPECT_EQ(nlohmann::json::parse(dir_.read("r.json"))[0]["rows_in"], 2);
}

TEST_F(CsvCliTest, BadInputs) {
  dir_.write("empty.csv", "");
  auto empty = gofer({"normalize", "-q", "empty.csv"});
  EXPECT_EQ(empty.exit_code, 0);
  EXPECT_EQ(empty.out, "");
  EXPECT_EQ(gofer({"normalize", "missing.csv"}).exit_code, 1);
  dir_.write("sjis.csv", "a\n");
  auto sjis = gofer({"normalize", "--encoding", "SHIFT_JIS", "sjis.csv"});
  EXPECT_NE(sjis.err.find("multibyte legacy encoding"), std::string::npos) << sjis.err;
  // The first 1 MiB decides the encoding (valid UTF-8 here); the stray byte comes later.
  dir_.write("bad.csv", "a,b\nx," + std::string(size_t{1} << 20, 'y') + "\n1,x\xFFy\n");
  auto strict = gofer({"normalize", "--strict-encoding", "bad.csv"});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_NE(strict.err.find("3:4: invalid"), std::string::npos) << strict.err;
}

TEST_F(CsvCliTest, ThreadsGiveTheSameBytesAsOneThread) {
  // Several 1 MiB chunks with quoted newlines, CRLFs, ragged rows and a bare quote.
  std::string input = "id,name,note\r\n";
  for (int i = 0; input.size() < (size_t{3} << 20); ++i) {
    input += std::to_string(i) + ",\"n\r\n" + std::to_string(i) + "\",x\"y\r\n";
    if (i % 1000 == 7) input += "1,2,3,4\n";
    if (i % 1000 == 9) input += "short\n";
  }
  dir_.write("big.csv", input);
  auto one = gofer({"normalize", "--threads", "1", "big.csv", "--rejects", "r1.csv"});
  auto three = gofer({"normalize", "--threads", "3", "big.csv", "--rejects", "r3.csv"});
  EXPECT_EQ(one.exit_code, 1);  // rows were rejected
  EXPECT_EQ(three.exit_code, one.exit_code);
  EXPECT_EQ(three.out, one.out);
  EXPECT_EQ(dir_.read("r3.csv"), dir_.read("r1.csv"));
  EXPECT_EQ(gofer({"normalize", "--threads", "x", "big.csv"}).exit_code, 2);
}

TEST_F(CsvCliTest, OutOfRangeThreadsAndFieldSizeAreUsageErrors) {
  dir_.write("in.csv", "a\n1\n");
  for (std::string bad : {"-1", "0", "257"}) {
    auto result = gofer({"normalize", "--threads", bad, "in.csv"});
    EXPECT_EQ(result.exit_code, 2) << bad << ": " << result.err;
    EXPECT_NE(result.err.find("--threads"), std::string::npos) << result.err;
    EXPECT_EQ(result.out, "");
  }
  for (std::string bad : {"-3", "0", "4097"}) {
    auto result = gofer({"normalize", "--max-field-size", bad, "in.csv"});
    EXPECT_EQ(result.exit_code, 2) << bad << ": " << result.err;
    EXPECT_NE(result.err.find("--max-field-size"), std::string::npos) << result.err;
  }
  auto ok = gofer({"normalize", "--threads", "2", "--max-field-size", "1", "in.csv"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "a\n1\n");
}

TEST_F(CsvCliTest, DelimiterQuoteAndLineBreaksMustBeDifferentBytes) {
  dir_.write("in.csv", "a\n1\n");
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"normalize", "--delimiter", "'", "--quote", "'"},
       "--delimiter and --quote must be different characters"},
      {{"check", "--delimiter", "tab", "--quote", "\t"},
       "--delimiter and --quote must be different characters"},
      {{"sniff", "--delimiter", "\r"}, "--delimiter cannot be a line break"},
      {{"normalize", "--quote", "\n"}, "--quote cannot be a line break"},
      {{"normalize", "--out-delimiter", "\""}, "--out-delimiter cannot be '\"' or a line break"},
      {{"normalize", "--out-delimiter", "\n"}, "--out-delimiter cannot be '\"' or a line break"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    args.push_back("in.csv");
    auto result = gofer(args);
    EXPECT_EQ(result.exit_code, 2) << c.message;
    EXPECT_EQ(result.err, "gofer: csv: " + c.message + "\n");
    EXPECT_EQ(result.out, "");
  }
}

// The file's own `sep='` line makes the quote character the delimiter. The fast path once read
// past the input on it (found by fuzzing csv_sniff): exit 139 for these 15 bytes.
TEST_F(CsvCliTest, AnExcelSepLineNamingAQuoteCharacterQuotesWithTheOther) {
  dir_.write("q.csv", "sep='\na'b\n''''\n");
  auto result = gofer({"normalize", "q.csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "a,b\n,\n") << "'''' is five empty fields, trimmed to the header's two";
  auto quoted = gofer({"normalize", "--quote", "'", "q.csv"});
  EXPECT_EQ(quoted.exit_code, 0) << quoted.err;
  EXPECT_EQ(quoted.out, "a'b\n'\n") << "--quote wins; no delimiter is left to find";
}

// The issue's bad-input list, each with its documented result (README, "Bad input").
TEST_F(CsvCliTest, BadInputListGivesDocumentedResults) {
  dir_.write("header.csv", "a,b\n");
  auto header = gofer({"normalize", "-q", "header.csv"});
  EXPECT_EQ(header.exit_code, 0);
  EXPECT_EQ(header.out, "a,b\n");
  dir_.write("nul.csv", std::string("a,b\n1,x\0y\n", 10));
  auto nul = gofer({"normalize", "-q", "nul.csv"});
  EXPECT_EQ(nul.exit_code, 0);
  EXPECT_EQ(nul.out, std::string("a,b\n1,x\0y\n", 10));  // kept; `csv check` reports it
  auto nul_check = gofer({"check", "nul.csv"});
  EXPECT_EQ(nul_check.exit_code, 3);
  // Invalid UTF-8 after the first 1 MiB (which decided: UTF-8) is replaced and counted.
  std::string long_row = "x," + std::string(size_t{1} << 20, 'y') + "\n";
  dir_.write("invalid.csv", "a,b\n" + long_row + "1,x\xFFy\n");
  auto invalid = gofer({"normalize", "invalid.csv"});
  EXPECT_EQ(invalid.exit_code, 0);
  EXPECT_EQ(invalid.out, "a,b\n" + long_row + "1,x\xEF\xBF\xBDy\n");
  EXPECT_NE(invalid.err.find("1 char replaced"), std::string::npos) << invalid.err;
  // In a short file the same byte decides the encoding: a legacy code page, not U+FFFD.
  dir_.write("latin.csv", "a,b\n1,x\xFFy\n");
  auto latin = gofer({"normalize", "latin.csv"});
  EXPECT_EQ(latin.exit_code, 0);
  EXPECT_EQ(latin.out, "a,b\n1,x\xC3\xBFy\n");
  EXPECT_NE(latin.err.find("WINDOWS-1252"), std::string::npos) << latin.err;
  std::mt19937 rng(5);
  for (int i = 0; i < 5; ++i) {
    std::string garbage(20000, '\0');
    for (char& c : garbage) c = static_cast<char>(rng());
    dir_.write("garbage.bin", garbage);
    auto result = gofer({"normalize", "garbage.bin", "-o", "out.csv"});
    // Rejected rows (exit 1) or an unterminated quote (exit 1): a message, never a crash.
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.exit_code;
    EXPECT_FALSE(result.err.empty());
  }
}

// The peak RSS of every child this test process has waited for, in KiB.
long children_peak_rss_kib() {
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  return usage.ru_maxrss;
}

TEST_F(CsvCliTest, HugeSingleFieldIsRefusedWithBoundedMemory) {
  // The footprint of a bare `--version`, taken off the peak below: the binary's own (a dynamic
  // dev build maps more libraries) or, when GOFER_BIN runs the aarch64 binary under qemu, the
  // emulator's ~20 MB.
  ASSERT_EQ(run_gofer({"--version"}, {.cwd = dir_.path()}).exit_code, 0);
  long baseline = children_peak_rss_kib();
  {
    std::ofstream out(dir_.path() / "huge.csv", std::ios::binary);
    out << "a\n\"";
    std::string block(1 << 20, 'x');
    for (int i = 0; i < 100; ++i) out << block;
    out << "\"\n";
  }
  auto result = gofer({"normalize", "huge.csv", "-o", "out.csv"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("line 2: record larger than 16 MiB"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir_.path() / "out.csv"));
#if !defined(__SANITIZE_ADDRESS__)
  // The largest child this test process has waited for: gofer, unless something else was
  // bigger, so an upper bound on what the run added to gofer's peak (the issue's bound: 64 MB).
  EXPECT_LT(children_peak_rss_kib() - baseline, 64L * 1024) << "KiB over a bare --version";
#else
  (void)baseline;
#endif
}

TEST_F(CsvCliTest, HeaderFlagOverridesTheGuessAndABadValueIsAUsageError) {
  dir_.write("names.csv", "alice,paris\nbob,rome\n");
  auto guessed = gofer({"normalize", "names.csv"});
  EXPECT_EQ(guessed.exit_code, 0);
  EXPECT_NE(guessed.err.find("warning: no column tells a header from data"), std::string::npos)
      << guessed.err;
  auto data = gofer({"normalize", "--header", "no", "names.csv"});
  EXPECT_EQ(data.out, "alice,paris\nbob,rome\n");
  EXPECT_EQ(data.err.find("warning"), std::string::npos) << data.err;
  EXPECT_EQ(gofer({"normalize", "--header", "maybe", "names.csv"}).exit_code, 2);
  EXPECT_EQ(gofer({"normalize", "--header", "yes", "--no-header", "names.csv"}).exit_code, 2);
}

// numpy's validation sets: `##` lines between the rows are comments, said once; --comment
// none keeps them as data, and a --comment that is the delimiter is a usage error.
TEST_F(CsvCliTest, HashLinesBetweenRowsAreCommentsUnlessToldOtherwise) {
  dir_.write("set.csv", "dtype,in,out\n## +ve denormals ##\nf32,0x1,0x2\nf32,0x3,0x4\n## big ##\nf32,0x5,0x6\n");
  auto sniffed = gofer({"normalize", "set.csv"});
  EXPECT_EQ(sniffed.exit_code, 0) << sniffed.err;
  EXPECT_EQ(sniffed.out, "dtype,in,out\nf32,0x1,0x2\nf32,0x3,0x4\nf32,0x5,0x6\n");
  EXPECT_NE(sniffed.err.find("warning: lines starting with # are comments and are left out; "
                             "--comment none reads them as data"),
            std::string::npos) << sniffed.err;
  auto sniff = gofer({"sniff", "set.csv"});
  EXPECT_NE(sniff.out.find("comments: lines starting with #\n"), std::string::npos) << sniff.out;
  auto json = gofer({"sniff", "--json", "set.csv"});
  EXPECT_NE(json.out.find("\"comment\":\"#\""), std::string::npos) << json.out;
  auto kept = gofer({"normalize", "--comment", "none", "set.csv"});
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_NE(kept.out.find("## +ve denormals ##,,\n"), std::string::npos) << kept.out;
  dir_.write("semi.csv", "a;b\n;x\n1;2\n");
  auto bad = gofer({"normalize", "--delimiter", ";", "--comment", ";", "semi.csv"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--comment ';' cannot be a line break, a tab, the delimiter or the quote"),
            std::string::npos) << bad.err;
  EXPECT_EQ(gofer({"normalize", "--comment", "##", "semi.csv"}).exit_code, 2);
  // A comment mark given is never sniffed as the delimiter: `;x` is a comment, not a row.
  auto marked = gofer({"normalize", "--comment", ";", "semi.csv"});
  EXPECT_EQ(marked.exit_code, 0) << marked.err;
  EXPECT_EQ(marked.out, "a;b\n1;2\n");
}

// R's write.csv output: the row-names column gets an empty name, no row is rejected, and
// check finds nothing wrong.
TEST_F(CsvCliTest, RsRowNamesColumnGetsAnEmptyHeaderName) {
  dir_.write("r.csv", "\"RDA1\",\"RDA2\"\n\"18\",-0.7,1.3\n\"15\",-1.9,-0.8\n\"24\",-1.8,-0.9\n");
  auto out = gofer({"normalize", "r.csv"});
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out, ",RDA1,RDA2\n18,-0.7,1.3\n15,-1.9,-0.8\n24,-1.8,-0.9\n");
  EXPECT_EQ(out.err.find("warning"), std::string::npos) << out.err;
  auto check = gofer({"check", "r.csv"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  auto json = gofer({"sniff", "--json", "r.csv"});
  EXPECT_NE(json.out.find("\"row_names\":true"), std::string::npos) << json.out;
}

TEST_F(CsvCliTest, SniffPrintsConfidenceAndRunnerUp) {
  dir_.write("semi.csv", "a;b;c\n1,5;2;3\n4,5;5;6\n");
  auto text = gofer({"sniff", "semi.csv"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("confidence: 1.00\nrunner-up: , (0.53)\n"), std::string::npos) << text.out;
}

TEST_F(CsvCliTest, PreambleLinesAreSkippedWithAWarning) {
  dir_.write("report.csv", "Sales report\nExported 2024-01-01\n\nname;age\nann;3\nbob;4\n");
  auto result = gofer({"normalize", "report.csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "name,age\nann,3\nbob,4\n");
  EXPECT_NE(result.err.find("warning: skipped lines 1-3 before the header"), std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace gofer::testing
