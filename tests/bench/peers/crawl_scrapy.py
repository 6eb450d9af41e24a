"""Scrapy peer of the crawl benchmark: follows every link from START to DEPTH, obeying
robots.txt, 16 concurrent requests (16 per domain), AutoThrottle off, nothing stored.
Usage: crawl_scrapy.py START DEPTH"""
import sys

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor


class Site(scrapy.Spider):
    name = "site"
    start_urls = [sys.argv[1]]
    links = LinkExtractor()

    def parse(self, response):
        yield {"title": response.css("title::text").get()}
        for link in self.links.extract_links(response):
            yield response.follow(link, self.parse)


process = CrawlerProcess(settings={
    "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "AUTOTHROTTLE_ENABLED": False, "DEPTH_LIMIT": int(sys.argv[2]), "LOG_LEVEL": "ERROR",
    "TELNETCONSOLE_ENABLED": False,
})
process.crawl(Site)
process.start()
