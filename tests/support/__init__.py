"""Helpers the tests share (plain functions and constants, no fixtures): the page-checking client
(`pages`), forms and crawling (`forms`, `crawl`), accounts and e-mail (`accounts`), addresses and
readers (`people`), and the data for every visit URL argument (`visit_data`). The fixtures are in
tests/fixtures/."""
