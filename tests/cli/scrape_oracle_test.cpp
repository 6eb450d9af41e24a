// The selector oracle: on generated pages, every supported CSS and XPath selector gives the
// same strings in gofer as parsel's .css()/.xpath().getall() (Debian's python3-parsel, which
// parses with the same libxml2 through lxml). Skipped when parsel is not installed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace gofer::testing {
namespace {

// /usr/bin/python3: the python3 first on PATH may not see Debian's python3-* packages.
constexpr const char* kPython = "/usr/bin/python3";

// Prints {"selector": {"page": [strings]}}: what gofer writes for each match. Elements become
// their text content and text nodes their text, whitespace collapsed; attribute values and
// XPath string results stay as they are.
constexpr std::string_view kOracle = R"py(
import json, sys
from parsel import Selector
from parsel.csstranslator import css2xpath
selectors = [line.rstrip("\n") for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
pages = sys.argv[2:]
def collapse(value):
    return " ".join(part for part in value.replace("\t", " ").replace("\n", " ").replace("\r", " ").replace("\f", " ").split(" ") if part)
def value(root):
    if not isinstance(root, str):
        return collapse(root.xpath("string(.)"))  # an element: its text content
    if getattr(root, "is_text", False) or getattr(root, "is_tail", False):
        return collapse(root)
    return str(root)  # an attribute value or an XPath string result, as it is
out = {}
for selector in selectors:
    out[selector] = {}
    for page in pages:
        sel = Selector(text=open(page, encoding="utf-8").read())
        xpath_like = selector.startswith(("/", "./", "(", "xpath:"))
        query = selector[6:] if selector.startswith("xpath:") else selector
        # What parsel's .css()/.xpath() evaluate, on the same root, keeping lxml's string
        # results (parsel turns them into plain str, losing text/attribute).
        expression = query if xpath_like else css2xpath(query)
        found = sel.root.xpath(expression)
        if not isinstance(found, list):
            found = [found]
        through_parsel = sel.xpath(query) if xpath_like else sel.css(query)
        assert len(through_parsel) == len(found), (selector, page)
        out[selector][page] = [value(item) for item in found]
print(json.dumps(out))
)py";

constexpr std::string_view kSelectors = R"(div
*
#main
.item
div.list li > a
[data-id]
a[href="http://e.org/1"]
[class~=big]
[lang|=en]
[data-id^=a]
[data-id$="9"]
[data-id*=b]
h1 + p
h1 ~ p
li:nth-child(2n+1)
li:nth-child(even)
li:nth-child(-n+2)
li:nth-child(3n-1)
li:nth-last-child(2)
p:nth-of-type(2)
p:nth-last-of-type(odd)
li:first-child
li:last-child
span:only-child
p:first-of-type
p:last-of-type
em:only-of-type
td:empty
:root
li:not(.item)
li:not([data-id])
p:not(:first-child)
h1, h2
li::text
li ::text
::text
a::attr(href)
li::attr(data-id)
div ::attr(class)
table tr:nth-child(2) td
div.list > ul > li.item.big
//li/text()
//div[@class='list']//a
(//p)[2]
./body/h1
xpath:string(//title)
//li[position() > 1]/@data-id
)";

constexpr std::string_view kPageA = R"(<!DOCTYPE html>
<html lang="en-US"><head><title>Page  A</title></head>
<body><h1 id="main">Head <em>line</em></h1><p>one</p><p>two &amp; <b>three</b></p><h2>Sub</h2>
<div class="list  wrap"><ul>
<li class="item" data-id="a1"><a href="http://e.org/1">First</a></li>
<li class="item big" data-id="b2"> Second
  item </li>
<li data-id="c9">Third <span>only</span></li>
<li class="item">Fourth</li><li>Fifth<em>!</em></li></ul></div>
<table><tr><td>1</td><td></td></tr><tr><td>2</td><td>x</td></tr></table>
<p lang="en">last</p></body></html>)";

constexpr std::string_view kPageB = R"(<html><body>
<div class="big"><p>Alone</p><span>s1</span><span>s2</span></div>
<p>after<br>break</p><ul><li>x<li>y<li data-id="ab9">z</ul>
<div><h1>T</h1><p class="big small">p1</p><p>p2</p><p>p3</p></div>
<p lang="en-GB">Caf&eacute; &#8364;</p></body></html>)";

TEST(ScrapeOracle, EverySelectorMatchesParsel) {
  TempDir dir;
  auto probe = run_program({kPython, "-c", "import parsel"});
  if (probe.exit_code != 0) GTEST_SKIP() << "python3-parsel is not installed (apt-get install python3-parsel)";
  dir.write("oracle.py", kOracle);
  dir.write("selectors.txt", kSelectors);
  dir.write("a.html", kPageA);
  dir.write("b.html", kPageB);
  RunOptions options;
  options.cwd = dir.path();
  auto oracle = run_program({kPython, "oracle.py", "selectors.txt", "a.html", "b.html"}, options);
  ASSERT_EQ(oracle.exit_code, 0) << oracle.err;
  auto expected = nlohmann::json::parse(oracle.out);
  std::istringstream lines{std::string(kSelectors)};
  for (std::string selector; std::getline(lines, selector);) {
    if (selector.empty()) continue;
    auto result = run_gofer({"scrape", "-q", "--format", "jsonl", "--select", selector, "a.html", "b.html"}, options);
    ASSERT_EQ(result.exit_code, 0) << selector << ": " << result.err;
    std::map<std::string, std::vector<std::string>> got{{"a.html", {}}, {"b.html", {}}};
    std::istringstream rows(result.out);
    for (std::string row; std::getline(rows, row);) {
      auto object = nlohmann::json::parse(row);
      got[object["page"]].push_back(object["text"]);
    }
    for (const auto& [page, strings] : got) {
      EXPECT_EQ(strings, expected[selector][page].get<std::vector<std::string>>())
          << "selector " << selector << " on " << page;
    }
  }
}

}  // namespace
}  // namespace gofer::testing
