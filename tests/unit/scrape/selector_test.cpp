// The CSS -> XPath translator, construct by construct. Expected XPath strings are what
// parsel 1.7 (cssselect 1.2's HTMLTranslator) prints for the same selector, so gofer and parsel
// select the same nodes; tests/cli/scrape_oracle_test.cpp checks that on real pages too.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "gofer/scrape/selector.hpp"

namespace gofer::scrape {
namespace {

struct Translation {
  const char* css;
  const char* xpath;
};

class CssToXPath : public ::testing::TestWithParam<Translation> {};

TEST_P(CssToXPath, MatchesParsel) {
  auto xpath = css_to_xpath(GetParam().css);
  ASSERT_TRUE(xpath.has_value()) << xpath.error().message();
  EXPECT_EQ(*xpath, GetParam().xpath);
}

INSTANTIATE_TEST_SUITE_P(Constructs, CssToXPath, ::testing::Values(
    Translation{R"x(div)x",
                R"x(descendant-or-self::div)x"},
    Translation{R"x(*)x",
                R"x(descendant-or-self::*)x"},
    Translation{R"x(DIV)x",
                R"x(descendant-or-self::div)x"},
    Translation{R"x(#main)x",
                R"x(descendant-or-self::*[@id = 'main'])x"},
    Translation{R"x(.product)x",
                R"x(descendant-or-self::*[@class and contains(concat(' ', normalize-space(@class), ' '), ' product ')])x"},
    Translation{R"x(div.product h2 > a)x",
                R"x(descendant-or-self::div[@class and contains(concat(' ', normalize-space(@class), ' '), ' product ')]/descendant-or-self::*/h2/a)x"},
    Translation{R"x([data-id])x",
                R"x(descendant-or-self::*[@data-id])x"},
    Translation{R"x([DATA-ID])x",
                R"x(descendant-or-self::*[@data-id])x"},
    Translation{R"x(a[href="x"])x",
                R"x(descendant-or-self::a[@href = 'x'])x"},
    Translation{R"x([class~=big])x",
                R"x(descendant-or-self::*[@class and contains(concat(' ', normalize-space(@class), ' '), ' big ')])x"},
    Translation{R"x([class~=""])x",
                R"x(descendant-or-self::*[0])x"},
    Translation{R"x([lang|=en])x",
                R"x(descendant-or-self::*[@lang and (@lang = 'en' or starts-with(@lang, 'en-'))])x"},
    Translation{R"x([href^=http])x",
                R"x(descendant-or-self::*[@href and starts-with(@href, 'http')])x"},
    Translation{R"x([href^=""])x",
                R"x(descendant-or-self::*[0])x"},
    Translation{R"x([href$=".pdf"])x",
                R"x(descendant-or-self::*[@href and substring(@href, string-length(@href)-3) = '.pdf'])x"},
    Translation{R"x([title$="é!"])x",
                R"x(descendant-or-self::*[@title and substring(@title, string-length(@title)-1) = 'é!'])x"},
    Translation{R"x([href*=shop])x",
                R"x(descendant-or-self::*[@href and contains(@href, 'shop')])x"},
    Translation{R"x([href*=""])x",
                R"x(descendant-or-self::*[0])x"},
    Translation{R"x(h1 + p)x",
                R"x(descendant-or-self::h1/following-sibling::*[(name() = 'p') and (position() = 1)])x"},
    Translation{R"x(h1 ~ p)x",
                R"x(descendant-or-self::h1/following-sibling::p)x"},
    Translation{R"x(ul > li:nth-child(2n+1))x",
                R"x(descendant-or-self::ul/li[count(preceding-sibling::*) mod 2 = 0])x"},
    Translation{R"x(li:nth-child(odd))x",
                R"x(descendant-or-self::li[count(preceding-sibling::*) mod 2 = 0])x"},
    Translation{R"x(li:nth-child(even))x",
                R"x(descendant-or-self::li[(count(preceding-sibling::*) +1) mod 2 = 0])x"},
    Translation{R"x(li:nth-child(3))x",
                R"x(descendant-or-self::li[count(preceding-sibling::*) = 2])x"},
    Translation{R"x(li:nth-child(-n+3))x",
                R"x(descendant-or-self::li[count(preceding-sibling::*) <= 2])x"},
    Translation{R"x(li:nth-child(n))x",
                R"x(descendant-or-self::li)x"},
    Translation{R"x(li:nth-child(n+2))x",
                R"x(descendant-or-self::li[count(preceding-sibling::*) >= 1])x"},
    Translation{R"x(li:nth-child(-2n+5))x",
                R"x(descendant-or-self::li[(count(preceding-sibling::*) <= 4) and (count(preceding-sibling::*) mod -2 = 0)])x"},
    Translation{R"x(li:nth-child(3n-1))x",
                R"x(descendant-or-self::li[(count(preceding-sibling::*) +2) mod 3 = 0])x"},
    Translation{R"x(li:nth-last-child(2))x",
                R"x(descendant-or-self::li[count(following-sibling::*) = 1])x"},
    Translation{R"x(p:nth-of-type(2))x",
                R"x(descendant-or-self::p[count(preceding-sibling::p) = 1])x"},
    Translation{R"x(p:nth-last-of-type(2n))x",
                R"x(descendant-or-self::p[(count(following-sibling::p) +1) mod 2 = 0])x"},
    Translation{R"x(li:first-child)x",
                R"x(descendant-or-self::li[count(preceding-sibling::*) = 0])x"},
    Translation{R"x(li:last-child)x",
                R"x(descendant-or-self::li[count(following-sibling::*) = 0])x"},
    Translation{R"x(li:only-child)x",
                R"x(descendant-or-self::li[count(parent::*/child::*) = 1])x"},
    Translation{R"x(p:first-of-type)x",
                R"x(descendant-or-self::p[count(preceding-sibling::p) = 0])x"},
    Translation{R"x(p:last-of-type)x",
                R"x(descendant-or-self::p[count(following-sibling::p) = 0])x"},
    Translation{R"x(p:only-of-type)x",
                R"x(descendant-or-self::p[count(parent::*/child::p) = 1])x"},
    Translation{R"x(p:empty)x",
                R"x(descendant-or-self::p[not(*) and not(string-length())])x"},
    Translation{R"x(:root)x",
                R"x(descendant-or-self::*[not(parent::*)])x"},
    Translation{R"x(li:not(.x))x",
                R"x(descendant-or-self::li[not(@class and contains(concat(' ', normalize-space(@class), ' '), ' x '))])x"},
    Translation{R"x(li:not(p))x",
                R"x(descendant-or-self::li[not(name() = 'p')])x"},
    Translation{R"x(li:not([data-id]))x",
                R"x(descendant-or-self::li[not(@data-id)])x"},
    Translation{R"x(li:not(*))x",
                R"x(descendant-or-self::li[0])x"},
    Translation{R"x(a, b)x",
                R"x(descendant-or-self::a | descendant-or-self::b)x"},
    Translation{R"x(h2::text)x",
                R"x(descendant-or-self::h2/text())x"},
    Translation{R"x(::text)x",
                R"x(descendant-or-self::text())x"},
    Translation{R"x(a ::text)x",
                R"x(descendant-or-self::a/descendant-or-self::text())x"},
    Translation{R"x(*::text)x",
                R"x(descendant-or-self::text())x"},
    Translation{R"x(a::attr(href))x",
                R"x(descendant-or-self::a/@href)x"},
    Translation{R"x(::attr(data-id))x",
                R"x(descendant-or-self::*/@data-id)x"},
    Translation{R"x(a ::attr(href))x",
                R"x(descendant-or-self::a/descendant-or-self::*/@href)x"},
    Translation{R"x(a::attr("href"))x",
                R"x(descendant-or-self::a/@href)x"},
    Translation{R"x(div.product:not(.sold) > h2 + span.price::text)x",
                R"x(descendant-or-self::div[(@class and contains(concat(' ', normalize-space(@class), ' '), ' product ')) and (not(@class and contains(concat(' ', normalize-space(@class), ' '), ' sold ')))]/h2/following-sibling::*[((@class and contains(concat(' ', normalize-space(@class), ' '), ' price ')) and (name() = 'span')) and (position() = 1)]/text())x"},
    Translation{R"x(a:nth-child( 2n + 1 ))x",
                R"x(descendant-or-self::a[count(preceding-sibling::*) mod 2 = 0])x"}
));

TEST(CssToXPath, EscapesAndQuotesInValues) {
  EXPECT_EQ(*css_to_xpath(R"(#\31 0)"), "descendant-or-self::*[@id = '10']");
  EXPECT_EQ(*css_to_xpath(R"(.a\.b)"),
            "descendant-or-self::*[@class and contains(concat(' ', normalize-space(@class), ' '), ' a.b ')]");
  EXPECT_EQ(*css_to_xpath(R"([title="it's"])"), R"(descendant-or-self::*[@title = "it's"])");
  EXPECT_EQ(*css_to_xpath(R"([title="it's \"x\""])"),
            R"(descendant-or-self::*[@title = concat('it',"'",'s "x"')])");
}

TEST(CssToXPath, EscapesOfCharactersXmlCannotHoldBecomeReplacementCharacters) {
  EXPECT_EQ(*css_to_xpath(R"(#\1 )"), "descendant-or-self::*[@id = '\xEF\xBF\xBD']");
  EXPECT_EQ(*css_to_xpath(R"([title="a\
b"])"), "descendant-or-self::*[@title = 'ab']") << "a line continuation";
}

TEST(CssToXPath, AttributeNamesThatAreNotXPathNamesUseNameTests) {
  EXPECT_EQ(*css_to_xpath(R"([xml\:lang])"), "descendant-or-self::*[attribute::*[name() = 'xml:lang']]");
}

struct Refusal {
  const char* css;
  const char* message;
};

class CssRefusal : public ::testing::TestWithParam<Refusal> {};

TEST_P(CssRefusal, NamesSelectorAndPosition) {
  auto xpath = css_to_xpath(GetParam().css);
  ASSERT_FALSE(xpath.has_value()) << *xpath;
  EXPECT_EQ(xpath.error().category(), ErrorCategory::kInvalidArgument);
  EXPECT_EQ(xpath.error().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Unsupported, CssRefusal,
    ::testing::Values(
        Refusal{"a:hover", "selector 'a:hover': position 2: unsupported pseudo-class ':hover'"},
        Refusal{"p::before", "selector 'p::before': position 2: unsupported pseudo-element '::before'"},
        Refusal{"p:contains(x)", "selector 'p:contains(x)': position 2: unsupported pseudo-class ':contains()'"},
        Refusal{"*:first-of-type",
                "selector '*:first-of-type': position 2: *:...-of-type is not supported: name the "
                "element (p:first-of-type)"},
        Refusal{":nth-of-type(2)",
                "selector ':nth-of-type(2)': position 1: *:...-of-type is not supported: name the "
                "element (p:first-of-type)"},
        Refusal{"li:nth-child(2x)", "selector 'li:nth-child(2x)': position 14: invalid an+b series '2x'"},
        Refusal{"li:nth-child(2", "selector 'li:nth-child(2': position 15: missing ')'"},
        Refusal{"a::text b", "selector 'a::text b': position 9: a pseudo-element must end the selector"},
        Refusal{"a[href", "selector 'a[href': position 7: missing ']'"},
        Refusal{"a[href=]", "selector 'a[href=]': position 8: expected an attribute value"},
        Refusal{"a[href!=x]", "selector 'a[href!=x]': position 7: unexpected '!'"},
        Refusal{"a[title='x]", "selector 'a[title='x]': position 9: unterminated string"},
        Refusal{"a >", "selector 'a >': position 4: unexpected end of selector"},
        Refusal{"a,", "selector 'a,': position 3: unexpected end of selector"},
        Refusal{"a > > b", "selector 'a > > b': position 5: unexpected '>'"},
        Refusal{".5", "selector '.5': position 2: expected a class name"},
        Refusal{"p:not(a b)", "selector 'p:not(a b)': position 9: :not() takes one simple selector"},
        Refusal{"p:not(::text)", "selector 'p:not(::text)': position 7: a pseudo-element is not allowed inside :not()"},
        Refusal{"a::attr(", "selector 'a::attr(': position 9: expected an attribute name"},
        Refusal{"   ", "selector '   ': position 1: empty selector"},
        Refusal{"a\\", "selector 'a\\': position 2: a backslash cannot end the selector"},
        Refusal{"a\x01b", "selector 'a\x01b': position 2: invalid UTF-8 or control character"},
        Refusal{"a[title='\xC3(']", "selector 'a[title='\xC3(']': position 10: invalid UTF-8 or control character"},
        Refusal{"p.a\\\nb", "selector 'p.a\\\nb': position 4: invalid escape"}));

TEST(SelectorToXPath, XPathPassesThrough) {
  EXPECT_EQ(*selector_to_xpath("//a[@href]"), "//a[@href]");
  EXPECT_EQ(*selector_to_xpath("./td[2]"), "./td[2]");
  EXPECT_EQ(*selector_to_xpath("(//p)[1]"), "(//p)[1]");
  EXPECT_EQ(*selector_to_xpath("xpath:count(//a)"), "count(//a)");
  EXPECT_EQ(*selector_to_xpath("p"), "descendant-or-self::p");
  EXPECT_TRUE(is_xpath_selector("/html"));
  EXPECT_FALSE(is_xpath_selector(".x"));
}

}  // namespace
}  // namespace gofer::scrape
